import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { httpsAgentFor, resolveSettings, tokenProviderFor } from "../../provider/auth";
import { ExchangeClient } from "../../provider/exchange";
import { emulatorConfig, FAST } from "../integration/harness";
import { isolatedEnvironment } from "./env";
import { callMark, callsSince, failureOf } from "./observe";

/**
 * The provider's runtime offers no seam for a short request timeout (see the skipped
 * "hang, no answer" row of the fault matrix), so the cut is shown one layer down, on the
 * client the runtime builds, with the same retry timings.
 */
describe("a request that never answers is cut by the client timeout and retried under the same client-request-id", function () {
  this.timeout(20_000);
  isolatedEnvironment();
  let emulator: RunningEmulator;
  let client: ExchangeClient;

  before(async () => {
    emulator = await startEmulator();
    const settings = resolveSettings(emulatorConfig(emulator), {});
    client = new ExchangeClient({
      exchangeUrl: settings.exchangeUrl,
      tokens: tokenProviderFor(settings),
      httpsAgent: httpsAgentFor(settings.caCertificatePath),
      retry: FAST.retry,
      timeoutMs: 300,
    });
  });
  after(async () => emulator.stop());

  it("reads the mailbox after one hung attempt", async () => {
    emulator.control.setFaults({ rules: [{ fault: "hang", times: 1 }] });
    const mark = callMark();
    const found = await client.invoke("Get-Mailbox", { Identity: "alice@contoso.example" });
    expect(found.map((mailbox) => mailbox["Alias"])).to.deep.equal(["alice"]);
    const calls = callsSince(mark);
    expect(calls.length).to.equal(2);
    expect(new Set(calls.map((call) => call.clientRequestId)).size).to.equal(1);
  });

  it("gives up with a temporary-failure error that says what to do when every attempt hangs", async () => {
    emulator.control.setFaults({ rules: [{ fault: "hang" }] });
    const error = await failureOf(() =>
      client.invoke("Get-Mailbox", { Identity: "alice@contoso.example" }),
    );
    expect((error as Error | undefined)?.message).to.match(
      /kept failing with temporary errors[\s\S]*Run the command again later/,
    );
    emulator.control.setFaults({});
  });
});
