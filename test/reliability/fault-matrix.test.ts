import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import { forgetTokenProviders } from "../../provider/auth";
import { configureProvider, emulatorConfig, providerAgainstEmulator } from "../integration/harness";
import { isolatedEnvironment } from "./env";
import { FAULT_ROWS, type FaultRow } from "./faults";
import { captureOutput } from "./observe";
import { OPERATIONS } from "./operations";
import { renderMatrix, type MatrixResults } from "./report";
import { runCell } from "./verdict";

describe("fault matrix: under every injectable fault, each operation converges or fails clearly; it writes only the declared mailbox, reads every write back and repeats no write", function () {
  this.timeout(30_000);
  isolatedEnvironment({ EXCHANGE_CLOUD_MANAGED_LOG: "debug" });
  let emulator: RunningEmulator;
  const results: MatrixResults = new Map(FAULT_ROWS.map((row) => [row.name, new Map()]));

  before(async () => {
    captureOutput();
    emulator = await providerAgainstEmulator();
  });
  after(async () => {
    await emulator.stop();
    console.log(
      renderMatrix(
        FAULT_ROWS.map((row) => row.name),
        OPERATIONS.map((operation) => operation.name),
        results,
      ),
    );
  });

  const freshTokens = (row: FaultRow) => async (): Promise<void> => {
    if (row.freshTokens !== true) return;
    forgetTokenProviders();
    await configureProvider(emulatorConfig(emulator));
  };

  for (const row of FAULT_ROWS) {
    describe(`under ${row.name}`, () => {
      if (row.freshEmulator === true) {
        before(async () => {
          await emulator.stop();
          emulator = await providerAgainstEmulator();
        });
      }
      for (const operation of OPERATIONS) {
        const promise =
          row.expect === "converges"
            ? "converges"
            : "converges or fails clearly, half-applying nothing";
        const title = `${operation.name} ${promise}`;
        if (row.skip !== undefined) {
          results.get(row.name)?.set(operation.name, { outcome: "skipped" });
          it.skip(`${title} (skipped: ${row.skip})`);
          continue;
        }
        it(title, async () => {
          const verdict = await runCell(emulator, row, operation, freshTokens(row));
          results.get(row.name)?.set(operation.name, { outcome: verdict.outcome, verdict });
          if (process.env["RELIABILITY_DETAILS"] !== undefined) {
            console.log(
              `        ${verdict.outcome}: ${verdict.evidence}${verdict.message === undefined ? "" : `\n        ${verdict.message}`}`,
            );
          }
          expect(verdict.problems, verdict.message).to.deep.equal([]);
        });
      }
    });
  }
});
