import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RunningEmulator, startEmulator } from "../../emulator";
import { main } from "../../sdk/cli";
import { listSyncedMailboxes, StackEntry } from "../../sdk";
import { emulatorConfig } from "./harness";

describe("listing and exporting the tenant", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  let dir: string;

  before(async () => {
    emulator = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), "export-test-"));
  });
  after(async () => {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists synced mailboxes from a program, filtered on the server, in one paged call", async () => {
    pulumi.runtime.setAllConfig(emulatorConfig(emulator));
    emulator.control.resetCounters();
    const managed = await listSyncedMailboxes({ cloudManaged: true });
    const upns = managed.map((m) => m.userPrincipalName);
    expect(upns).to.include.members(["dana@contoso.example", "support@contoso.example"]);
    expect(upns).not.to.include("alice@contoso.example"); // synced, not cloud-managed
    expect(upns).not.to.include("grace@contoso.example"); // cloud-only
    expect(managed.every((m) => m.isExchangeCloudManaged)).to.equal(true);
    expect(emulator.control.counters().byCmdlet["Get-Mailbox"]).to.equal(1);

    const rooms = await listSyncedMailboxes({ recipientTypes: ["RoomMailbox"] });
    expect(rooms.map((m) => m.recipientTypeDetails)).to.deep.equal(["RoomMailbox"]);
  });

  it("export writes a bulk definition of the cloud-managed mailboxes with their attributes, and no secret", async () => {
    const out = join(dir, "mailboxes.json");
    const env = {
      AZURE_TENANT_ID: process.env["AZURE_TENANT_ID"],
      AZURE_CLIENT_SECRET: process.env["AZURE_CLIENT_SECRET"],
    };
    process.env["AZURE_CLIENT_SECRET"] = emulator.app.clientSecret;
    try {
      const code = await main([
        "export",
        "--out",
        out,
        "--tenant-id",
        emulator.tenantId,
        "--client-id",
        emulator.app.clientId,
        "--authority-host",
        emulator.authorityHost,
        "--exchange-url",
        emulator.exchangeUrl,
        "--ca-certificate-path",
        emulator.caPath,
      ]);
      expect(code).to.equal(0);
    } finally {
      if (env.AZURE_CLIENT_SECRET === undefined) delete process.env["AZURE_CLIENT_SECRET"];
      else process.env["AZURE_CLIENT_SECRET"] = env.AZURE_CLIENT_SECRET;
    }
    const text = readFileSync(out, "utf8");
    expect(text).not.to.include(emulator.app.clientSecret);
    const entries = JSON.parse(text) as StackEntry[];
    const dana = entries.find((e) => e.identity === emulator.control.mailbox("dana@contoso.example")?.ExternalDirectoryObjectId);
    expect(dana).to.deep.include({ name: "dana", cloudManaged: true });
    expect(dana?.attributes?.["emailAddresses"]).to.include("SMTP:dana@contoso.example");
    expect(new Set(entries.map((e) => e.name)).size).to.equal(entries.length);
  });

  it("export explains a missing credential and exits non-zero", async () => {
    const code = await main(["export", "--tenant-id", emulator.tenantId, "--client-id", emulator.app.clientId]);
    expect(code).to.equal(1);
  });
});
