import { expect } from "chai";
import { RunningEmulator } from "../../emulator";
import { forgetTokenProviders } from "../../provider/auth";
import { checked, provider, providerAgainstEmulator } from "./harness";

describe("when Entra ID throttles token requests", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;

  before(async () => {
    forgetTokenProviders();
    emulator = await providerAgainstEmulator();
  });
  after(async () => emulator.stop());

  it("says that sign-in is throttled and what to do, not that the configuration is wrong", async () => {
    emulator.control.setFaults({ rules: [{ target: "token", fault: "429", retryAfter: "0.1", times: 1 }] });
    let error: unknown;
    try {
      await provider.create(await checked({ identity: "alice@contoso.example" }));
    } catch (e) {
      error = e;
    }
    const message = String((error as Error | undefined)?.message);
    expect(message).to.match(/could not start after \d+ attempts: Entra ID throttled token requests/);
    expect(message).to.match(/run again in a minute/);
    expect(message).not.to.match(/check the tenant/);
    expect(message).not.to.match(/\[acquire token\] \[acquire token\]/);
    expect(emulator.control.counters().writes).to.deep.equal([]);
  });
});
