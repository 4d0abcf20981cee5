import { expect } from "chai";
import { Stack } from "@pulumi/pulumi/automation";
import type { ControlClient, FaultConfig, MailboxRecord } from "../../emulator";
import {
  EngineFolder,
  engineFolder,
  inlineStack,
  mailboxesInState,
  rejection,
} from "./support/engine";
import { killEngine, processesOf } from "./support/kill-engine";
import {
  EmulatorProcess,
  freeLoopbackPort,
  startEmulatorProcess,
} from "./support/emulator-process";
import {
  appliedWrites,
  Fleet,
  fleet,
  newTestApp,
  registerTestApp,
  secretConfig,
  serviceDown,
  TestApp,
  waitForWrites,
} from "./support/outage";

const TENANT_SIZE = 220;
const DECLARED = 200;
const LATENCY: FaultConfig = { latencyMs: 30 };
// The provider's own pace (exchange:requestsPerSecond): an up of 200 takes several seconds,
// so the moment to break the run comes well inside it, and the suite stays short.
const PACE_PER_SECOND = 40;
// Break the service once this many writes landed: well inside the run, never at its end.
const BREAK_AFTER_WRITES = 40;

async function waitUntil(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline)
      throw new Error("timed out waiting for the engine processes to exit");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The run's error text as the user sees it: the CLI's stderr and the engine's diagnostics. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The message carries no JavaScript stack trace, only what happened and what to do. */
function expectNoStackFrames(message: string): void {
  expect(message, "JavaScript stack frames").to.not.match(/\n\s+at .+:\d+:\d+\)?\n/);
}

/**
 * After a failed run, every mailbox the state holds is cloud-managed in the tenant (no
 * phantom), and every flipped mailbox is a declared one. Returns the flipped ids.
 */
async function expectStateNotAheadOfTenant(
  stack: Stack,
  control: ControlClient,
  f: Fleet,
): Promise<Set<string>> {
  const tenant = await control.mailboxes();
  const flipped = new Set(
    tenant.filter((m) => m.IsExchangeCloudManaged).map((m) => m.ExternalDirectoryObjectId),
  );
  for (const r of await mailboxesInState(stack))
    expect(flipped.has(r.id), `${r.urn} in state but not flipped`).to.equal(true);
  expect(
    [...flipped].filter((id) => !f.ids.has(id)),
    "undeclared mailboxes flipped",
  ).to.deep.equal([]);
  return flipped;
}

/** Checks that state and tenant agree with the program and nothing else was touched. */
async function expectConverged(
  stack: Stack,
  control: ControlClient,
  f: Fleet,
  writes: string[],
): Promise<void> {
  const inState = await mailboxesInState(stack);
  expect(
    inState.map((r) => r.id).sort(),
    "state holds exactly the declared mailboxes",
  ).to.deep.equal([...f.ids].sort());
  expect(new Set(inState.map((r) => r.urn)).size, "no resource twice").to.equal(DECLARED);
  const tenant = await control.mailboxes();
  const flipped = tenant
    .filter((m) => m.IsExchangeCloudManaged)
    .map((m) => m.ExternalDirectoryObjectId);
  expect(
    flipped.sort(),
    "the tenant's cloud-managed mailboxes are exactly the declared ones",
  ).to.deep.equal([...f.ids].sort());
  for (const r of inState) expect(r.outputs["isExchangeCloudManaged"], r.urn).to.equal(true);
  const outside = writes.filter((id) => !f.ids.has(id));
  expect(outside, "writes to undeclared mailboxes").to.deep.equal([]);
  await stack.preview({ refresh: true, expectNoChanges: true, onOutput: () => undefined });
}

/** A scenario's own engine folder, emulator process (on `port`) and stack of the fleet. */
interface Scenario {
  readonly folder: EngineFolder;
  readonly emulator: EmulatorProcess;
  readonly stack: Stack;
}

async function scenario(
  name: string,
  f: Fleet,
  app: TestApp,
  port: number,
  engineEnv: Record<string, string> = {},
): Promise<Scenario> {
  const folder = engineFolder(name, engineEnv);
  const emulator = await startEmulatorProcess({
    port,
    dir: folder.dir,
    seed: f.seed,
    faults: LATENCY,
  });
  await registerTestApp(emulator.control, app);
  const stack = await inlineStack(folder, name, f.program, {
    ...secretConfig(emulator.env, app),
    "exchange:requestsPerSecond": { value: String(PACE_PER_SECOND) },
  });
  return { folder, emulator, stack };
}

/**
 * Starts `pulumi up` and returns once BREAK_AFTER_WRITES writes have landed, well inside the
 * run; `up` settles with the run's error (wrapped: an async function would wait for it).
 */
async function upUntilWrites(
  stack: Stack,
  control: ControlClient,
): Promise<{ readonly up: Promise<unknown> }> {
  let finished = false;
  const up = rejection(() => stack.up({ onOutput: () => undefined })).finally(
    () => (finished = true),
  );
  await waitForWrites(control, BREAK_AFTER_WRITES, () => finished);
  return { up };
}

describe("pulumi up of 200 mailboxes interrupted mid-run", function () {
  this.timeout(300_000);

  describe("an outage that resets every connection, then passes", () => {
    const f = fleet(TENANT_SIZE, DECLARED);
    const app: TestApp = newTestApp();
    let folder: EngineFolder;
    let emulator: EmulatorProcess;
    let stack: Stack;
    let flippedBeforeRerun: Set<string>;
    let firstRunWrites: string[];

    before(async () => {
      ({ folder, emulator, stack } = await scenario("outage", f, app, await freeLoopbackPort()));
    });
    after(async () => {
      await emulator?.stop();
      folder?.remove();
    });

    it("fails the up with an error that says what happened and what to do", async () => {
      const { up } = await upUntilWrites(stack, emulator.control);
      await emulator.control.setFaults(serviceDown(LATENCY));
      const appliedAtOutage = appliedWrites(await emulator.control.counters()).length;
      const message = messageOf(await up);

      expect(message).to.match(/kept failing with temporary errors; gave up after \d+ attempts/);
      expect(message).to.match(/socket hang up|ECONNRESET/);
      expect(message).to.match(/Run the command again later/);
      expectNoStackFrames(message);
      expect(
        appliedWrites(await emulator.control.counters()).length,
        "writes applied while the service was down",
      ).to.equal(appliedAtOutage);
      firstRunWrites = appliedWrites(await emulator.control.counters());
      flippedBeforeRerun = await expectStateNotAheadOfTenant(stack, emulator.control, f);
      expect(flippedBeforeRerun.size).to.be.within(BREAK_AFTER_WRITES, DECLARED - 1);
    });

    it("a rerun after the outage converges: state and tenant agree, nothing undeclared written", async () => {
      await emulator.control.setFaults(LATENCY);
      await emulator.control.resetCounters();
      const created = (await mailboxesInState(stack)).length;
      const result = await stack.up({ onOutput: () => undefined });
      expect(result.summary.resourceChanges).to.deep.include({ create: DECLARED - created });
      const rerunWrites = appliedWrites(await emulator.control.counters());
      expect(
        rerunWrites.filter((id) => flippedBeforeRerun.has(id)),
        "rewrites of flipped mailboxes",
      ).to.deep.equal([]);
      await expectConverged(stack, emulator.control, f, [...firstRunWrites, ...rerunWrites]);
    });
  });

  describe("the emulator process killed (SIGKILL) and restarted on the same port", () => {
    const f = fleet(TENANT_SIZE, DECLARED);
    const app: TestApp = newTestApp();
    let folder: EngineFolder;
    let port: number;
    let emulator: EmulatorProcess;
    let stack: Stack;
    let beforeKill: { tenant: MailboxRecord[]; writes: string[] };

    before(async () => {
      port = await freeLoopbackPort();
      ({ folder, emulator, stack } = await scenario("crash", f, app, port));
    });
    after(async () => {
      await emulator?.stop();
      folder?.remove();
    });

    it("fails the up with an error that says the Exchange endpoint could not be reached", async () => {
      const { up } = await upUntilWrites(stack, emulator.control);
      // The emulator keeps its tenant in memory only, so the restarted one is seeded from a
      // read taken just before the kill. Requests are refused first (connection resets, as
      // the kill itself would do) so that no write lands between that read and the kill: a
      // write the restarted tenant forgot would be a tenant losing acknowledged data, which
      // Exchange Online does not do, not the outage this test is about.
      await emulator.control.setFaults(serviceDown(LATENCY));
      beforeKill = {
        tenant: await emulator.control.mailboxes(),
        writes: appliedWrites(await emulator.control.counters()),
      };
      await emulator.kill();
      const message = messageOf(await up);

      // A refused connection is retried (the service may be restarting), then reported.
      expect(message).to.match(/kept failing with temporary errors; gave up after \d+ attempts/);
      expect(message).to.match(/ECONNREFUSED 127\.0\.0\.1:\d+/);
      expect(message).to.match(/exchange:exchangeUrl is reachable from here/);
      expectNoStackFrames(message);
      expect(beforeKill.writes.length).to.be.within(BREAK_AFTER_WRITES, DECLARED - 1);
    });

    it("after a restart from the tenant as it was, a rerun converges: state and tenant agree", async () => {
      emulator = await startEmulatorProcess({
        port,
        dir: folder.dir,
        seed: { ...f.seed, recipients: beforeKill.tenant },
        faults: LATENCY,
      });
      // A new process: a new CA at the same path, new signing keys, the app registered again.
      await registerTestApp(emulator.control, app);
      const flipped = await expectStateNotAheadOfTenant(stack, emulator.control, f);
      const result = await stack.up({ onOutput: () => undefined });
      expect(result.summary.result).to.equal("succeeded");
      const rerunWrites = appliedWrites(await emulator.control.counters());
      expect(
        rerunWrites.filter((id) => flipped.has(id)),
        "rewrites of flipped mailboxes",
      ).to.deep.equal([]);
      await expectConverged(stack, emulator.control, f, [...beforeKill.writes, ...rerunWrites]);
    });
  });
  describe("the Pulumi CLI killed (SIGKILL) mid-run with PULUMI_SKIP_CHECKPOINTS=true", () => {
    const f = fleet(TENANT_SIZE, DECLARED);
    const app: TestApp = newTestApp();
    let folder: EngineFolder;
    let emulator: EmulatorProcess;
    let stack: Stack;
    let killedRunWrites: string[];

    before(async () => {
      ({ folder, emulator, stack } = await scenario("killed", f, app, await freeLoopbackPort(), {
        PULUMI_SKIP_CHECKPOINTS: "true",
      }));
    });
    after(async () => {
      killEngine(folder.pulumiHome);
      await emulator?.stop();
      folder?.remove();
    });

    it("leaves flipped mailboxes the state does not hold", async () => {
      const { up } = await upUntilWrites(stack, emulator.control);
      expect(killEngine(folder.pulumiHome), "engine processes killed").to.be.at.least(2);
      await up;
      await waitUntil(() => processesOf(folder.pulumiHome).length === 0);
      // Requests already on the wire when the client died still land: let them.
      await new Promise((resolve) => setTimeout(resolve, 10 * (LATENCY.latencyMs ?? 0)));
      killedRunWrites = appliedWrites(await emulator.control.counters());
      expect(killedRunWrites.length).to.be.within(BREAK_AFTER_WRITES, DECLARED - 1);
      expect(await mailboxesInState(stack), "state written by the killed run").to.deep.equal([]);
    });

    it("a rerun adopts what the killed run flipped without writing it again, and converges", async () => {
      await emulator.control.resetCounters();
      const flipped = await expectStateNotAheadOfTenant(stack, emulator.control, f);
      // What the engine tells the user after a killed run: the stale lock goes first.
      expect(messageOf(await rejection(() => stack.up({ onOutput: () => undefined })))).to.match(
        /currently locked.*pulumi cancel/s,
      );
      await stack.cancel();
      const result = await stack.up({ onOutput: () => undefined });
      // Every mailbox, and the stack itself: the killed run saved nothing.
      expect(result.summary.resourceChanges).to.deep.include({ create: DECLARED + 1 });
      const rerunWrites = appliedWrites(await emulator.control.counters());
      expect(
        rerunWrites.filter((id) => flipped.has(id)),
        "rewrites of mailboxes the killed run flipped",
      ).to.deep.equal([]);
      expect(rerunWrites).to.have.length(DECLARED - flipped.size);
      await expectConverged(stack, emulator.control, f, [...killedRunWrites, ...rerunWrites]);
    });
  });
});
