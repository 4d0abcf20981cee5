import { expect } from "chai";
import { generateTenant, RunningEmulator, startEmulator } from "../../emulator";
import { forgetTokenProviders } from "../../provider/auth";
import { setRuntimeOverrides } from "../../provider/dynamic/runtime";
import { configureProvider, createAll, emulatorConfig, FAST } from "../integration/harness";

const N = 100;
/** A tenant whose budget is a tenth of the provider's default pace of 100 requests a second. */
const TIGHT_BUDGET = { latencyMs: 50, rateLimitPerSecond: 10 };

describe("a tenant whose throttle budget is far below the provider's default pace", function () {
  this.timeout(180_000);
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ seed: generateTenant(N), faults: TIGHT_BUDGET });
    // The shipped retry policy (no test override): what is under test is that its waits give
    // the limiter time to slow down before a call runs out of attempts.
    setRuntimeOverrides({ verify: FAST.verify });
    forgetTokenProviders();
    await configureProvider(emulatorConfig(emulator));
  });
  after(async () => {
    setRuntimeOverrides(FAST);
    await emulator.stop();
  });

  it(`creates ${N} mailboxes 64 at a time without a failure: 429s slow the provider down`, async () => {
    const failures = await createAll(
      emulator.control
        .mailboxes()
        .filter((m) => m.RecipientTypeDetails === "UserMailbox")
        .map((m) => m.UserPrincipalName),
      64,
    );
    const counters = emulator.control.counters();
    expect(counters.throttled, "the budget was really exceeded").to.be.greaterThan(0);
    expect(failures).to.deep.equal([]);
    expect(new Set(counters.writes.map((w) => w.identity)).size).to.equal(N);
  });
});
