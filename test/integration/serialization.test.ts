import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { RunningEmulator, startEmulator } from "../../emulator";
import { emulatorConfig } from "./harness";

// The package as a user installs it (scripts/install-local.sh unpacks the packed tarball).
const INSTALLED = "exchange-cloud-managed";
const PROVIDER_PATH = "exchange-cloud-managed/dist/provider/dynamic/index.js";
const requireFromString = require("require-from-string") as (code: string) => { handler: () => unknown };

type ProviderModule = typeof import("../../provider/dynamic");

describe("the serialized provider (__provider), as the engine stores and loads it", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  let text: string;

  before(async () => {
    emulator = await startEmulator();
    const provider = require(PROVIDER_PATH) as ProviderModule;
    // Configure the installed copy with a real secret first: nothing of it may be captured.
    await provider.configure({ config: { get: (k: string) => emulatorConfig(emulator)[k], require: () => "" } });
    text = (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
  });
  after(async () => emulator.stop());

  it("is one require() of the installed provider module, well under 2 KB", () => {
    expect(text).to.include(`require("${PROVIDER_PATH}")`);
    expect(Buffer.byteLength(text)).to.be.below(2048);
  });

  it("captures no credential, token or local path", () => {
    expect(text).not.to.include(emulator.app.clientSecret);
    expect(text).not.to.include(emulator.tenantId);
    expect(text).not.to.include(process.cwd());
  });

  it("is what the SDK resource stores, and it loads and runs as the engine runs it", async () => {
    const stored = await providerTextOfSdkResource();
    expect(stored).to.equal(text);
    const loaded = requireFromString(stored).handler() as ProviderModule;
    const config = emulatorConfig(emulator);
    await loaded.configure({ config: { get: (k: string) => config[k], require: () => "" } });
    const created = await loaded.create({ identity: "bob@contoso.example", cloudManaged: true, onDelete: "retain" });
    expect(created.outs).to.include({ isExchangeCloudManaged: true });
    expect(emulator.control.mailbox("bob@contoso.example")?.IsExchangeCloudManaged).to.equal(true);
  });
});

/** Builds a CloudManagedMailbox under Pulumi's mocks and returns the `__provider` it registered. */
async function providerTextOfSdkResource(): Promise<string> {
  let captured: string | undefined;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        captured = args.inputs["__provider"] as string;
        return { id: "id", state: args.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
  const sdk = require(INSTALLED) as typeof import("../../sdk");
  const mailbox = new sdk.CloudManagedMailbox("m", { identity: "bob@contoso.example" });
  await new Promise<void>((resolve) => mailbox.urn.apply(() => resolve()));
  if (captured === undefined) throw new Error("the resource registered no __provider");
  return captured;
}
