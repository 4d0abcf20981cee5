import { expect } from "chai";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { GlobalOpts, Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  certificateSignIn,
  environmentSecretSignIn,
  federatedSignIn,
  Needle,
  newSecret,
  secretSignIn,
  SignIn,
} from "./support/credentials";
import {
  endpointConfig,
  EngineFolder,
  engineFolder,
  inlineStack,
  rejection,
} from "./support/engine";
import {
  addressesInProviderLog,
  filesUnder,
  findJwts,
  findNeedles,
  Haystack,
  providerLog,
  providerLogLines,
  splitEngineConfigTrace,
} from "./support/scan";

// The SDK as users install it: the inline program serializes the installed provider.
const sdk = require("exchange-cloud-managed") as typeof import("../../sdk");

const program = async () => {
  const alice = new sdk.CloudManagedMailbox("alice", { identity: "alice@contoso.example" });
  new sdk.CloudManagedMailbox("room", {
    identity: "room.berlin@contoso.example",
    onDelete: "revert",
  });
  return { aliceId: alice.externalDirectoryObjectId, aliceFlag: alice.isExchangeCloudManaged };
};

// As verbose as the engine gets; logFlow passes the verbosity on to the plugins.
const VERBOSE: GlobalOpts = { logVerbosity: 9, logFlow: true, debug: true };

describe("no credential, assertion or token leaks from full runs on the real engine", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let folder: EngineFolder;
  let credentialsDir: string;
  /** What the CLI printed on stdout, and the errors the Automation API threw. */
  const printed: { where: string; text: string }[] = [];
  /** The engine's logs sent to stderr (`--logtostderr`); more are in files under TMPDIR. */
  const engineStderr: { where: string; text: string }[] = [];
  const needles: Needle[] = [];

  /** onOutput/onError that keep everything an operation printed. */
  const capture = (where: string) => {
    const out = { where: `${where} (stdout)`, text: "" };
    const err = { where: `${where} (stderr)`, text: "" };
    printed.push(out);
    engineStderr.push(err);
    return {
      onOutput: (s: string) => void (out.text += s),
      onError: (s: string) => void (err.text += s),
    };
  };

  before(async () => {
    // EXCHANGE_CLOUD_MANAGED_LOG reaches the provider process through the CLI's environment.
    folder = engineFolder("secrets", { EXCHANGE_CLOUD_MANAGED_LOG: "debug" });
    credentialsDir = join(folder.dir, "credentials");
    mkdirSync(credentialsDir);
    emulator = await startEmulator({ stateDir: join(folder.dir, "emulator") });
  });
  after(async () => {
    await emulator?.stop();
    folder?.remove();
  });

  const kinds: [string, () => SignIn][] = [
    ["client secret in config", () => secretSignIn(emulator.control)],
    [
      "certificate with an encrypted key",
      () => certificateSignIn(emulator.control, credentialsDir),
    ],
    ["federated token file", () => federatedSignIn(emulator.control, credentialsDir)],
    ["client secret in AZURE_CLIENT_SECRET", () => environmentSecretSignIn(emulator.control)],
  ];
  kinds.forEach(([kind, make], i) => {
    it(`${kind}: up, preview --refresh, refresh and destroy (with a revert) succeed`, async () => {
      emulator.control.reset();
      const signIn = make();
      needles.push(...signIn.needles);
      const name = `kind${i + 1}`;
      const config = { ...endpointConfig(emulator, signIn.clientId), ...signIn.config };
      const stack: Stack = await inlineStack(folder, name, program, config, signIn.env);
      // Logs to stderr for up and refresh, to files (under TMPDIR) for preview and destroy.
      const up = await stack.up({ ...VERBOSE, logToStdErr: true, ...capture(`${kind}: up`) });
      expect(up.summary.resourceChanges).to.include({ create: 3 });
      expect(up.outputs["aliceFlag"]?.value).to.equal(true);
      emulator.control.updateMailbox("alice@contoso.example", { IsExchangeCloudManaged: false });
      const preview = await stack.preview({
        ...VERBOSE,
        refresh: true,
        ...capture(`${kind}: preview --refresh`),
      });
      expect(preview.changeSummary).to.include({ update: 1 });
      await stack.refresh({ ...VERBOSE, logToStdErr: true, ...capture(`${kind}: refresh`) });
      await stack.destroy({ ...VERBOSE, ...capture(`${kind}: destroy`) });
      expect(
        emulator.control.mailbox("room.berlin@contoso.example")?.IsExchangeCloudManaged,
      ).to.equal(false);
      expect(emulator.control.counters().tokenRequests).to.be.greaterThan(0);
    });
  });

  it("a refused client secret fails with the config key named, never the value", async () => {
    emulator.control.reset();
    const signIn = secretSignIn(emulator.control);
    const wrong = newSecret();
    needles.push(...signIn.needles, {
      label: "refused client secret",
      value: wrong,
      inStackConfig: true,
    });
    const stack = await inlineStack(folder, "refused", program, {
      ...endpointConfig(emulator, signIn.clientId),
      "exchange:clientSecret": { value: wrong, secret: true },
    });
    // Verbose logs to files: the error text then holds the CLI's output, not the engine's trace.
    const error = await rejection(() => stack.up({ ...VERBOSE, ...capture("refused up") }));
    const message = error instanceof Error ? error.message : String(error);
    printed.push({ where: "refused up (error)", text: message });
    expect(message).to.match(/The client secret \(from config exchange:clientSecret\) is wrong/);
  });

  it("the state, its history and backups, the CLI's output and its errors hold none of them", () => {
    const state = filesUnder(folder.dir, [
      credentialsDir,
      folder.tmp,
      join(folder.dir, "emulator"),
    ]);
    expectStateScanned(state);
    const haystacks: Haystack[] = [...state, ...printed];
    // The search works: it finds the key lines and the assertion in the credential files.
    const inCredentialFiles = new Set(
      findNeedles(filesUnder(credentialsDir), needles).map((l) => l.what),
    );
    expect([...inCredentialFiles]).to.include.members([
      "encrypted private key line",
      "federated assertion",
    ]);
    expect(findJwts(filesUnder(credentialsDir))).to.have.length(1);
    expect(findNeedles(haystacks, needles), "secret values").to.deep.equal([]);
    expect(findJwts(haystacks), "tokens or assertions").to.deep.equal([]);
  });

  it("the provider's log lines, at every level, hold none of them", () => {
    const lines = providerLog([...printed, ...engineStderr, ...filesUnder(folder.tmp)]);
    expect(providerLogLines(lines, "debug"), "provider debug lines captured").to.be.greaterThan(0);
    expect(findNeedles(lines, needles), "secret values").to.deep.equal([]);
    expect(findJwts(lines), "tokens or assertions").to.deep.equal([]);
  });

  it("the engine's -v 9 logs hold none of them, but Pulumi's own provider-config trace shows config secrets", () => {
    const logs: Haystack[] = [...engineStderr, ...filesUnder(folder.tmp)];
    expectLogsScanned(logs);
    expect(findJwts(logs), "tokens or assertions").to.deep.equal([]);
    const { trace, rest } = splitEngineConfigTrace(logs);
    expect(
      findNeedles(rest, needles),
      "secret values outside the engine's config trace",
    ).to.deep.equal([]);
    // Pulumi CLI 3.248 prints the default pulumi-nodejs provider's config, secrets decrypted,
    // at -v 7 and above. Only values kept in the stack config can get there: never a key, an
    // assertion, a token, or a secret taken from the environment.
    const outsideConfig = needles.filter((n) => n.inStackConfig !== true);
    expect(
      findNeedles(trace, outsideConfig),
      "non-config secrets in the engine's config trace",
    ).to.deep.equal([]);
  });

  it("provider log lines carry mailbox addresses at debug level only", () => {
    const lines = providerLog([...printed, ...engineStderr, ...filesUnder(folder.tmp)]);
    expect(providerLogLines(lines, "info"), "provider info lines captured").to.be.greaterThan(0);
    expect(providerLogLines(lines, "warn"), "provider warn lines captured").to.be.greaterThan(0);
    expect(
      addressesInProviderLog(lines, ["debug"]),
      "addresses at debug (the search works)",
    ).to.have.length.greaterThan(0);
    expect(addressesInProviderLog(lines, ["info", "warn"]), "addresses at info/warn").to.deep.equal(
      [],
    );
  });

  /** The scan saw a state, its history and its backups. */
  function expectStateScanned(files: Haystack[]): void {
    const meta = join(folder.backend, ".pulumi");
    for (const sub of ["stacks", "history", "backups"]) {
      expect(
        existsSync(join(meta, sub)) && readdirSync(join(meta, sub)).length > 0,
        `${sub} in the backend`,
      ).to.equal(true);
      expect(
        files.some((h) => h.where.startsWith(join("backend", ".pulumi", sub))),
        `${sub} scanned`,
      ).to.equal(true);
    }
  }

  /** The scan saw -v 9 engine logs, both on stderr and in files. */
  function expectLogsScanned(logs: Haystack[]): void {
    const verbose = (h: Haystack) => /"level":"INFO".*"v":9\}/.test(h.text);
    expect(engineStderr.some(verbose), "-v 9 engine logs on stderr").to.equal(true);
    expect(
      logs.some((h) => h.where.startsWith("pulumi.") && verbose(h)),
      "-v 9 engine log files",
    ).to.equal(true);
  }
});
