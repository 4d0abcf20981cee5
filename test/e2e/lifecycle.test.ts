import { expect } from "chai";
import { Stack } from "@pulumi/pulumi/automation";
import { EngineEnv, inlineStack, startEngineEnv } from "./harness";

// The SDK as users install it: the inline program serializes the installed provider.
const sdk = require("exchange-cloud-managed") as typeof import("../../sdk");

interface Declared {
  name: string;
  identity: string;
  cloudManaged?: boolean;
  onDelete?: "retain" | "revert";
}

describe("CloudManagedMailbox on the real Pulumi engine", function () {
  this.timeout(240_000);
  let env: EngineEnv;
  let declared: Declared[];
  let stack: Stack;

  const program = async () => {
    for (const d of declared) {
      const { name, ...args } = d;
      new sdk.CloudManagedMailbox(name, args);
    }
  };
  const tenant = (identity: string) => env.emulator.control.mailbox(identity);
  const writes = () => env.emulator.control.counters().writes;

  before(async () => {
    env = await startEngineEnv();
    declared = [
      { name: "alice", identity: "alice@contoso.example" },
      { name: "dana", identity: "dana@contoso.example" },
      { name: "room", identity: "room.berlin@contoso.example", onDelete: "revert" },
    ];
    stack = await inlineStack(env, "lifecycle", program);
  });
  after(async () => env.stop());

  it("up creates the flipped mailboxes and adopts the one already cloud-managed", async () => {
    const result = await stack.up({ onOutput: () => undefined });
    expect(result.summary.resourceChanges).to.include({ create: 4 });
    expect(tenant("alice@contoso.example")?.IsExchangeCloudManaged).to.equal(true);
    expect(tenant("room.berlin@contoso.example")?.IsExchangeCloudManaged).to.equal(true);
    expect(writes().map((w) => w.identity).sort()).to.deep.equal(
      [tenant("alice@contoso.example")?.ExternalDirectoryObjectId, tenant("room.berlin@contoso.example")?.ExternalDirectoryObjectId].sort(),
    );
  });

  it("a second preview shows no changes", async () => {
    const preview = await stack.preview({ refresh: true, expectNoChanges: true });
    expect(preview.changeSummary).to.not.have.property("update");
  });

  it("refresh shows drift after an out-of-band change, and up restores it", async () => {
    env.emulator.control.updateMailbox("alice@contoso.example", { IsExchangeCloudManaged: false });
    let gate: unknown;
    try {
      await stack.preview({ refresh: true, expectNoChanges: true });
    } catch (error) {
      gate = error;
    }
    expect(String(gate)).to.match(/no changes were expected|expected no changes/i);
    const result = await stack.up({ refresh: true });
    expect(result.summary.resourceChanges).to.include({ update: 1 });
    expect(tenant("alice@contoso.example")?.IsExchangeCloudManaged).to.equal(true);
  });

  it("cloudManaged: false updates in place", async () => {
    (declared[0] as Declared).cloudManaged = false;
    const result = await stack.up();
    expect(result.summary.resourceChanges).to.include({ update: 1 });
    expect(tenant("alice@contoso.example")?.IsExchangeCloudManaged).to.equal(false);
    (declared[0] as Declared).cloudManaged = true;
    await stack.up();
    expect(tenant("alice@contoso.example")?.IsExchangeCloudManaged).to.equal(true);
  });

  it("an identity that names another mailbox replaces the resource", async () => {
    (declared[1] as Declared).identity = "bob@contoso.example";
    const result = await stack.up();
    expect(result.summary.resourceChanges).to.include({ replace: 1 });
    expect(tenant("bob@contoso.example")?.IsExchangeCloudManaged).to.equal(true);
    // dana's resource was retained: replacing it did not touch her mailbox.
    expect(tenant("dana@contoso.example")?.IsExchangeCloudManaged).to.equal(true);
  });

  it("destroy retains by default and reverts where asked; the next sync restores on-prem values", async () => {
    env.emulator.control.updateMailbox("room.berlin@contoso.example", { CustomAttribute3: "edited in the cloud" });
    env.emulator.control.resetCounters();
    await stack.destroy();
    expect(tenant("alice@contoso.example")?.IsExchangeCloudManaged).to.equal(true);
    expect(tenant("bob@contoso.example")?.IsExchangeCloudManaged).to.equal(true);
    expect(tenant("room.berlin@contoso.example")?.IsExchangeCloudManaged).to.equal(false);
    expect(writes().map((w) => w.identity)).to.deep.equal([tenant("room.berlin@contoso.example")?.ExternalDirectoryObjectId]);
    env.emulator.control.sync();
    expect(tenant("room.berlin@contoso.example")?.CustomAttribute3 ?? "").to.not.equal("edited in the cloud");
  });
});
