import { expect } from "chai";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { controlClient, generateTenant, startEmulator, type RunningEmulator } from "../../emulator";
import { demoToken, https, invoke, valueOf } from "./helpers";

describe("the control API and its client", () => {
  let emu: RunningEmulator;

  before(async () => {
    emu = await startEmulator({ stateDir: mkdtempSync(join(tmpdir(), "emu-control-")) });
  });
  after(async () => {
    await emu.stop();
  });

  it("writes the CA certificate to stateDir/ca.pem", () => {
    expect(readFileSync(emu.caPath, "utf8")).to.equal(emu.caPem);
  });

  it("refuses clients that do not trust the emulator's CA", async () => {
    const failure = await https(`${emu.url}/_emulator/info`, "").then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).to.match(/self-signed|certificate/i);
  });

  it("mirrors EmulatorControl over HTTPS", async () => {
    const client = controlClient(emu.url, emu.caPem);
    expect((await client.info()).tenantId).to.equal(emu.tenantId);
    expect((await client.mailbox("alice"))?.Alias).to.equal("alice");
    expect(await client.mailbox("nobody")).to.equal(undefined);
    expect((await client.mailboxes()).length).to.equal(emu.control.mailboxes().length);

    await client.updateMailbox("alice", { CustomAttribute1: "out of band" });
    expect(emu.control.mailbox("alice")?.CustomAttribute1).to.equal("out of band");
    await client.setOnPrem("alice", { CustomAttribute1: "AD" });
    const report = await client.sync();
    expect(report.overwritten).to.have.length(1);
    expect(emu.control.mailbox("alice")?.CustomAttribute1).to.equal("AD");

    await client.setFaults({ rules: [{ fault: "503" }] });
    const token = await demoToken(emu);
    expect((await invoke(emu, "Get-Mailbox", { Identity: "bob" }, { token })).status).to.equal(503);
    const counters = await client.counters();
    expect(counters.byStatus["503"]).to.equal(1);
    await client.resetCounters();
    expect((await client.counters()).requests).to.equal(0);

    await client.registerApp({ clientId: "cccccccc-0000-4000-8000-000000000001", secrets: ["s"] });
    await client.reset();
    expect(emu.control.mailbox("alice")?.CustomAttribute1).to.equal("Sales");
    expect((await invoke(emu, "Get-Mailbox", { Identity: "bob" }, { token })).status).to.equal(200);
  });

  it("reports control errors with their reason", async () => {
    const client = controlClient(emu.url, emu.caPem);
    const failure = await client.updateMailbox("Chris Taylor", {}).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).to.contain("names 2 recipients");
  });

  it("resets to a new seed, keeping registered apps and the demo secret", async () => {
    emu.control.reset(generateTenant(5));
    const token = await demoToken(emu);
    const answer = await invoke(emu, "Get-Mailbox", { ResultSize: "Unlimited" }, { token });
    expect(valueOf(answer).map((m) => m["Alias"])).to.deep.equal([
      "user00001",
      "user00002",
      "user00003",
      "user00004",
      "user00005",
    ]);
    emu.control.reset(
      JSON.parse(readFileSync(join(__dirname, "../../emulator/seed/contoso.json"), "utf8")),
    );
  });
});

describe("the tenant generator", () => {
  it("makes n synced user mailboxes with deterministic ids", () => {
    const a = generateTenant(3);
    expect(a.recipients.map((r) => r.Alias)).to.deep.equal(["user00001", "user00002", "user00003"]);
    expect(generateTenant(3)).to.deep.equal(a);
    expect(
      a.recipients.every((r) => r.IsDirSynced === true && r.IsExchangeCloudManaged === false),
    ).to.equal(true);
  });

  it("marks the asked fraction already cloud-managed", () => {
    const tenant = generateTenant(100, { cloudManagedFraction: 0.25 });
    expect(tenant.recipients.filter((r) => r.IsExchangeCloudManaged).length).to.equal(25);
  });

  it("serves 2500 mailboxes with the default 1000 cap and a warning", async () => {
    const emu = await startEmulator({ seed: generateTenant(2500) });
    try {
      const answer = await invoke(emu, "Get-Mailbox", {}, { token: await demoToken(emu) });
      const body = answer.json as { value: unknown[]; "@adminapi.warnings": string[] };
      expect(body.value).to.have.length(1000);
      expect(body["@adminapi.warnings"][0]).to.contain("ResultSize");
    } finally {
      await emu.stop();
    }
  });
});

describe("the command line", () => {
  it("starts, writes the env file with mode 0600, and stops on SIGTERM", async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), "emu-cli-"));
    const envFile = join(dir, "emulator.json");
    const child = spawn(
      process.execPath,
      [
        require.resolve("ts-node/dist/bin.js"),
        "--transpile-only",
        join(__dirname, "../../emulator/cli.ts"),
        "--port",
        "0",
        "--state-dir",
        dir,
        "--write-env",
        envFile,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    try {
      for (let i = 0; i < 200 && !existsSync(envFile); i++)
        await new Promise((r) => setTimeout(r, 100));
      const env = JSON.parse(readFileSync(envFile, "utf8")) as Record<string, unknown>;
      expect(env).to.include.keys(
        "url",
        "authorityHost",
        "exchangeUrl",
        "tenantId",
        "tenantDomain",
        "caPath",
        "clientId",
        "clientSecret",
        "pid",
      );
      expect(statSync(envFile).mode & 0o777).to.equal(0o600);
      expect(output).to.contain(String(env["tenantId"])).and.contain(String(env["caPath"]));
      const info = await controlClient(
        String(env["url"]),
        readFileSync(String(env["caPath"]), "utf8"),
      ).info();
      expect(info.clientId).to.equal(env["clientId"]);
    } finally {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    expect(child.exitCode).to.equal(0);
  });
});
