import { expect } from "chai";
import { generateTenant, RunningEmulator, startEmulator } from "../../emulator";
import { forgetTokenProviders } from "../../provider/auth";
import { setRuntimeOverrides } from "../../provider/dynamic/runtime";
import { MailboxOutputs } from "../../provider/dynamic/inputs";
import { checked, configureProvider, createAll, emulatorConfig, FAST, provider } from "./harness";

const N = 400;

describe("cost of a run at scale, counted by the emulator", function () {
  this.timeout(120_000);
  let emulator: RunningEmulator;
  let upns: string[];

  before(async () => {
    const tenant = generateTenant(N);
    emulator = await startEmulator({ seed: tenant });
    upns = emulator.control
      .mailboxes()
      .filter((m) => m.RecipientTypeDetails === "UserMailbox" && m.IsDirSynced)
      .map((m) => m.UserPrincipalName)
      .slice(0, N);
    setRuntimeOverrides(FAST);
    forgetTokenProviders();
    await configureProvider(emulatorConfig(emulator));
  });
  after(async () => emulator.stop());

  it(`creating ${N} mailboxes at once writes each once, verifies in batches, and signs in once`, async () => {
    const created = await Promise.all(
      upns.map(async (identity) => provider.create(await checked({ identity }))),
    );
    const counters = emulator.control.counters();
    expect(created).to.have.length(N);
    const written = counters.writes.map((w) => w.identity);
    expect(new Set(written).size, "each mailbox written").to.equal(N);
    console.log(`      calls: ${JSON.stringify(counters.byCmdlet)}, writes ${written.length}`);
    // Resolves by address and read-backs share filtered calls: far fewer reads than mailboxes.
    expect(counters.byCmdlet["Get-Mailbox"] ?? 0).to.be.at.most(N / 2);
    expect(counters.tokenRequests).to.equal(1);
  });

  it(`refreshing ${N} unchanged mailboxes costs at most N/20 Exchange calls`, async () => {
    const ids = emulator.control
      .mailboxes()
      .filter((m) => upns.includes(m.UserPrincipalName))
      .map((m) => m.ExternalDirectoryObjectId);
    emulator.control.resetCounters();
    const reads = await Promise.all(ids.map((id) => provider.read(id, { identity: id })));
    expect(reads.every((r) => r.id !== "")).to.equal(true);
    const calls = emulator.control.counters().requests;
    expect(calls).to.be.at.most(N / 20);
  });

  it(`refreshing ${N} mailboxes 8 at a time (the engine's default --parallel on two cores) stays under N/20 calls`, async () => {
    await configureProvider(emulatorConfig(emulator)); // a new provider process
    const ids = emulator.control
      .mailboxes()
      .filter((m) => upns.includes(m.UserPrincipalName))
      .map((m) => m.ExternalDirectoryObjectId);
    emulator.control.resetCounters();
    emulator.control.updateMailbox(ids[N - 1] as string, { IsExchangeCloudManaged: false });
    const results: boolean[] = [];
    const queue = [...ids];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          const read = await provider.read(id, { identity: id });
          results.push(read.props?.["isExchangeCloudManaged"] === true);
        }
      }),
    );
    expect(results.filter((v) => !v)).to.have.length(1); // the drifted one is seen
    expect(emulator.control.counters().requests).to.be.at.most(N / 20);
  });

  it("a listing never hides a mailbox that is gone, nor answers for one just written", async () => {
    await configureProvider(emulatorConfig(emulator));
    const ids = emulator.control
      .mailboxes()
      .filter((m) => upns.includes(m.UserPrincipalName))
      .map((m) => m.ExternalDirectoryObjectId);
    const [gone, flipped] = ids.slice(200) as [string, string];
    emulator.control.updateMailbox(gone, { IsSoftDeletedByRemove: true });
    await Promise.all(ids.slice(0, 150).map((id) => provider.read(id, { identity: id }))); // listing taken
    expect((await provider.read(gone, { identity: gone })).id).to.equal(""); // not in the listing: read directly
    const outs = (await provider.read(flipped, { identity: flipped })).props as MailboxOutputs;
    await provider.update(flipped, outs, await checked({ identity: flipped, cloudManaged: false }));
    expect((await provider.read(flipped, { identity: flipped })).props).to.include({
      isExchangeCloudManaged: false,
    });
  });
});

describe("creating at scale the way the engine does it, counted by the emulator", function () {
  this.timeout(120_000);
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ seed: generateTenant(N), faults: { latencyMs: 100 } });
    setRuntimeOverrides(FAST);
    forgetTokenProviders();
    await configureProvider(emulatorConfig(emulator));
  });
  after(async () => emulator.stop());

  it(`resolves most of ${N} new identities, 64 at a time, from one listing and still refuses a cloud-only one with its reason`, async () => {
    const records = emulator.control
      .mailboxes()
      .filter((m) => m.RecipientTypeDetails === "UserMailbox");
    const cloudOnly = records[N - 1] as (typeof records)[number];
    emulator.control.updateMailbox(cloudOnly.ExternalDirectoryObjectId, { IsDirSynced: false });
    emulator.control.resetCounters();
    const refusals = await createAll(
      records.map((m) => m.UserPrincipalName),
      64,
    );
    expect(refusals).to.have.length(1);
    expect(refusals[0])
      .to.contain(cloudOnly.UserPrincipalName)
      .and.match(/cloud-only|not synchronized|directory-synced/i);
    const counters = emulator.control.counters();
    expect(new Set(counters.writes.map((w) => w.identity)).size).to.equal(N - 1);
    console.log(`      calls: ${JSON.stringify(counters.byCmdlet)}`);
    // Read-backs are most of these (~N/5 at 100 ms a call); resolving through small batches
    // instead of the listing costs about as many again (~0.47 N in all, measured).
    expect(counters.byCmdlet["Get-Mailbox"] ?? 0).to.be.at.most(N / 3);
  });
});
