import { expect } from "chai";
import { RunningEmulator } from "../../emulator";
import { MailboxOutputs } from "../../provider/dynamic/inputs";
import { checked, provider, providerAgainstEmulator } from "./harness";

const ALICE = "alice@contoso.example";
const DANA = "dana@contoso.example"; // already cloud-managed in the seed

describe("CloudManagedMailbox against the emulator", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await providerAgainstEmulator();
  });
  after(async () => emulator.stop());
  beforeEach(() => emulator.control.reset());

  const writes = () => emulator.control.counters().writes;

  it("creates: sets the flag on exactly the declared mailbox and reads it back", async () => {
    const result = await provider.create(await checked({ identity: ALICE }));
    expect(result.id).to.equal(emulator.control.mailbox(ALICE)?.ExternalDirectoryObjectId);
    expect(result.outs).to.include({
      isExchangeCloudManaged: true,
      isDirSynced: true,
      recipientTypeDetails: "UserMailbox",
    });
    expect(emulator.control.mailbox(ALICE)?.IsExchangeCloudManaged).to.equal(true);
    expect(writes().map((w) => [w.cmdlet, w.identity, w.parameters])).to.deep.equal([
      ["Set-Mailbox", result.id, { Identity: result.id, IsExchangeCloudManaged: true }],
    ]);
  });

  it("adopts a mailbox already in the desired state without writing", async () => {
    const result = await provider.create(await checked({ identity: DANA }));
    expect(result.outs).to.include({ isExchangeCloudManaged: true });
    expect(writes()).to.deep.equal([]);
  });

  it("updates in place both ways, each verified by a read", async () => {
    const created = await provider.create(await checked({ identity: ALICE }));
    const off = await provider.update(
      created.id,
      created.outs as MailboxOutputs,
      await checked({ identity: ALICE, cloudManaged: false }),
    );
    expect(off.outs).to.include({ isExchangeCloudManaged: false, cloudManaged: false });
    expect(emulator.control.mailbox(ALICE)?.IsExchangeCloudManaged).to.equal(false);
    const on = await provider.update(
      created.id,
      off.outs as MailboxOutputs,
      await checked({ identity: ALICE }),
    );
    expect(on.outs).to.include({ isExchangeCloudManaged: true });
    expect(writes().map((w) => w.parameters["IsExchangeCloudManaged"])).to.deep.equal([
      true,
      false,
      true,
    ]);
  });

  it("refresh shows drift when someone flips the flag behind the program's back", async () => {
    const created = await provider.create(await checked({ identity: ALICE }));
    emulator.control.updateMailbox(ALICE, { IsExchangeCloudManaged: false });
    const refreshed = await provider.read(created.id, created.outs);
    expect(refreshed.id).to.equal(created.id);
    expect(refreshed.props).to.include({ isExchangeCloudManaged: false });
    expect(refreshed.inputs).to.include({ cloudManaged: false, identity: ALICE });
    const diff = await provider.diff(
      created.id,
      refreshed.props as MailboxOutputs,
      await checked({ identity: ALICE }),
    );
    expect(diff).to.deep.include({ changes: true, replaces: [] });
  });

  it("refresh says gone only when the mailbox no longer exists", async () => {
    const created = await provider.create(await checked({ identity: ALICE }));
    emulator.control.updateMailbox(ALICE, { IsSoftDeletedByRemove: true });
    expect((await provider.read(created.id, created.outs)).id).to.equal("");
  });

  it("refresh fails, and does not say gone, when Exchange keeps failing", async () => {
    const created = await provider.create(await checked({ identity: ALICE }));
    emulator.control.setFaults({ rules: [{ cmdlet: "Get-Mailbox", fault: "503" }] });
    let error: unknown;
    try {
      await provider.read(created.id, created.outs);
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/503|unavailable|transient/i);
  });

  it("delete with retain leaves the tenant untouched", async () => {
    const created = await provider.create(await checked({ identity: ALICE }));
    emulator.control.resetCounters();
    await provider.delete(created.id, created.outs);
    expect(emulator.control.mailbox(ALICE)?.IsExchangeCloudManaged).to.equal(true);
    expect(emulator.control.counters().requests).to.equal(0);
  });

  it("delete with revert sets the flag to false, and the next sync restores the on-prem values", async () => {
    const created = await provider.create(await checked({ identity: ALICE, onDelete: "revert" }));
    emulator.control.updateMailbox(ALICE, { CustomAttribute1: "edited in the cloud" });
    emulator.control.sync();
    expect(emulator.control.mailbox(ALICE)?.CustomAttribute1).to.equal("edited in the cloud");
    await provider.delete(created.id, created.outs);
    expect(emulator.control.mailbox(ALICE)?.IsExchangeCloudManaged).to.equal(false);
    emulator.control.sync();
    expect(emulator.control.mailbox(ALICE)?.CustomAttribute1).to.equal("Sales");
  });

  const refusals: [string, string, RegExp][] = [
    [
      "an ambiguous display name, listing the candidates",
      "Chris Taylor",
      /matches more than one recipient[\s\S]*chris\.taylor@[\s\S]*christopher\.taylor@[\s\S]*ExternalDirectoryObjectId instead/,
    ],
    [
      "a distribution group",
      "all-staff@contoso.example",
      /a MailUniversalDistributionGroup, not a mailbox.*Graph/,
    ],
    ["a mail contact", "pat.partner", /a MailContact, not a mailbox/],
    ["a mail user", "max.guest", /a MailUser, not a mailbox/],
    ["a cloud-only mailbox", "grace@contoso.example", /cloud-only.*nothing to switch/],
    ["a soft-deleted mailbox", "ivan@contoso.example", /soft-deleted.*Undo-SoftDeletedMailbox/],
    ["an inactive mailbox", "judy@contoso.example", /inactive mailbox/],
    ["an unknown address", "nobody@contoso.example", /No mailbox matches "nobody@contoso.example"/],
  ];
  for (const [what, identity, message] of refusals) {
    it(`refuses ${what} at create, and writes nothing`, async () => {
      let error: unknown;
      try {
        await provider.create(await checked({ identity }));
      } catch (e) {
        error = e;
      }
      expect(String((error as Error | undefined)?.message)).to.match(message);
      expect(writes()).to.deep.equal([]);
    });
  }

  it("check returns at once and stays offline in what it reports, even when Exchange fails", async () => {
    emulator.control.setFaults({ rules: [{ fault: "503" }] });
    expect(
      (await provider.check({}, { identity: "nobody@contoso.example" })).failures,
    ).to.deep.equal([]);
  });

  it("refuses two differently named identities for one mailbox in one run", async () => {
    await provider.create(await checked({ identity: ALICE }));
    let error: unknown;
    try {
      await provider.create(await checked({ identity: "alice" }));
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(
      /"alice" and "alice@contoso.example" are the same mailbox.*declare each mailbox once/,
    );
  });

  it("recovers from 429s with fractional Retry-After and from 503s", async () => {
    emulator.control.setFaults({
      rules: [
        { cmdlet: "Set-Mailbox", fault: "429", retryAfter: "0.05", times: 2 },
        { cmdlet: "Get-Mailbox", fault: "503", times: 2 },
      ],
    });
    const result = await provider.create(await checked({ identity: ALICE }));
    expect(result.outs).to.include({ isExchangeCloudManaged: true });
    expect(emulator.control.counters().byStatus["429"]).to.equal(2);
  });

  it("waits out replication lag before reporting success", async () => {
    emulator.control.setFaults({ replicationLagMs: 300 });
    const result = await provider.create(await checked({ identity: ALICE }));
    expect(result.outs).to.include({ isExchangeCloudManaged: true });
  });

  it("accepts a write that was applied but answered with an error, after reading it back", async () => {
    emulator.control.setFaults({ rules: [{ cmdlet: "Set-Mailbox", fault: "appliedButFailed" }] });
    const result = await provider.create(await checked({ identity: ALICE }));
    expect(result.outs).to.include({ isExchangeCloudManaged: true });
    expect(writes().every((w) => w.identity === result.id)).to.equal(true);
  });

  it("warns, in preview and in up, that cloudManaged false lets the next sync overwrite cloud edits", async () => {
    const created = await provider.create(await checked({ identity: ALICE }));
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) =>
      lines.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      const news = await checked({ identity: ALICE, cloudManaged: false });
      await provider.diff(created.id, created.outs as MailboxOutputs, news);
      await provider.update(created.id, created.outs as MailboxOutputs, news);
    } finally {
      process.stderr.write = write;
    }
    const warnings = lines.filter((l) => l.includes("warn: cloudManaged false hands"));
    expect(warnings).to.have.length(2);
    expect(warnings[1]).to.match(
      /cloud-held values \(emailAddresses, customAttribute1, customAttribute7\)/,
    );
    expect(warnings.join("")).not.to.include("@");
  });

  it("reports refresh failures as a plain message, without stack frames", async () => {
    const created = await provider.create(await checked({ identity: ALICE }));
    emulator.control.setFaults({ rules: [{ cmdlet: "Get-Mailbox", fault: "503" }] });
    let error: Error | undefined;
    try {
      await provider.read(created.id, created.outs);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).to.match(/kept failing with temporary errors/);
    expect(error?.stack).not.to.match(/\bat .*\.ts:\d+/);
  });

  it("create picks up the resolution its check started, and a write makes it stale", async () => {
    emulator.control.resetCounters();
    const created = await provider.create(await checked({ identity: "frank@contoso.example" }));
    // One resolution (started by check) and the read-back after the write.
    expect(emulator.control.counters().byCmdlet["Get-Mailbox"]).to.equal(2);
    emulator.control.updateMailbox("frank@contoso.example", { IsExchangeCloudManaged: false });
    await provider.update(
      created.id,
      created.outs as MailboxOutputs,
      await checked({ identity: "frank@contoso.example" }),
    );
    expect(emulator.control.mailbox("frank@contoso.example")?.IsExchangeCloudManaged).to.equal(
      true,
    );
  });
});
