/**
 * Runs one cell of the fault matrix and judges it: the tenant ends in the declared state, or
 * the call failed with an error that says what to do and left nothing half-applied. Either
 * way no undeclared mailbox was written, no read said "gone", every write was read back and
 * all Set-Mailbox calls were retries of one idempotent call.
 */
import type { Counters, RunningEmulator } from "../../emulator";
import { CloudManagedError } from "../../provider/errors";
import type { FaultRow } from "./faults";
import { callMark, callsSince, failureOf, type ExchangeCall } from "./observe";
import { parallelLoad, type CallResult, type Operation } from "./operations";

/** How a cell ended. */
export type Outcome = "converged" | "failed-clearly" | "WRONG";

/** The judged cell. */
export interface Verdict {
  readonly outcome: Outcome;
  /** What was wrong, empty unless the outcome is WRONG. */
  readonly problems: readonly string[];
  /** The error message when the call failed. */
  readonly message?: string;
  /** What the emulator saw, e.g. `7 calls (200:4 429:3), 1 token request`. */
  readonly evidence: string;
}

/** Words of an error that tells the user what to do. */
const SAYS_WHAT_TO_DO =
  /\b(run|check|set|lower|retry|wait|use|remove|restore|declare|refresh|grant|upload|serve|give)\b/i;

/** Prepares, injects the row's faults, runs the operation and judges what happened. */
export async function runCell(
  emulator: RunningEmulator,
  row: FaultRow,
  operation: Operation,
  beforeRun: () => Promise<void>,
): Promise<Verdict> {
  const control = emulator.control;
  control.reset();
  const run = await operation.prepare();
  const before = control.mailbox(operation.mailbox)?.IsExchangeCloudManaged;
  await beforeRun();
  control.resetCounters();
  const mark = callMark();
  control.setFaults(row.faults);

  let result: CallResult | undefined;
  const load = row.parallelLoad === true ? parallelLoad() : Promise.resolve();
  const error = await failureOf(async () => {
    result = await run();
  });
  await load;
  control.setFaults({});

  const after = control.mailbox(operation.mailbox)?.IsExchangeCloudManaged;
  const declaredId = control.mailbox(operation.mailbox)?.ExternalDirectoryObjectId ?? "?";
  const counters = control.counters();
  const evidence = `${counters.requests} calls (${Object.entries(counters.byStatus)
    .map(([status, n]) => `${status}:${n}`)
    .join(" ")}), ${counters.tokenRequests} token requests, ${counters.writes.length} writes`;
  const problems = [
    ...writeProblems(
      counters,
      declaredId,
      (identity) => control.mailbox(identity)?.ExternalDirectoryObjectId,
    ),
    ...callProblems(callsSince(mark), operation, error === undefined),
  ];

  if (error === undefined) {
    if (result?.id === "") problems.push('read said "gone" for a mailbox that exists');
    if (after !== operation.desired) {
      problems.push(`succeeded but the tenant holds ${String(after)}, not ${operation.desired}`);
    }
    if (result?.reported !== undefined && result.reported !== after) {
      problems.push(`reported ${result.reported} while the tenant holds ${String(after)}`);
    }
    return { outcome: problems.length === 0 ? "converged" : "WRONG", problems, evidence };
  }

  const message = error instanceof Error ? error.message : String(error);
  if (!CloudManagedError.isInstance(error))
    problems.push(`threw a ${describeThrown(error)}, not a CloudManagedError`);
  if (!SAYS_WHAT_TO_DO.test(message)) problems.push("the error does not say what to do");
  if (row.clear !== undefined && !row.clear.test(message)) {
    problems.push(`the error does not mention ${String(row.clear)}`);
  }
  if (row.misleading?.test(message) === true) {
    problems.push(`the error gives misleading advice (${String(row.misleading)})`);
  }
  if (row.expect === "converges")
    problems.push(`gave up on a bounded fault: ${firstLine(message)}`);
  if (after !== before && !/refresh/i.test(message)) {
    problems.push(
      `failed after changing the tenant (${String(before)} -> ${String(after)}) without saying to refresh`,
    );
  }
  return {
    outcome: problems.length === 0 ? "failed-clearly" : "WRONG",
    problems,
    message,
    evidence,
  };
}

/** Writes may only name the declared mailbox. */
function writeProblems(
  counters: Counters,
  declaredId: string,
  idOf: (identity: string) => string | undefined,
): string[] {
  const stray = counters.writes.filter((write) => idOf(write.identity) !== declaredId);
  return stray.length === 0
    ? []
    : [`wrote to undeclared mailboxes: ${stray.map((write) => write.identity).join(", ")}`];
}

/** One client-request-id for all Set-Mailbox calls, a read after the last one, none when read-only. */
function callProblems(
  calls: readonly ExchangeCall[],
  operation: Operation,
  succeeded: boolean,
): string[] {
  const problems: string[] = [];
  const sets = calls.filter((call) => call.cmdlet === "Set-Mailbox");
  const ids = new Set(sets.map((call) => call.clientRequestId));
  if (ids.size > 1)
    problems.push(`Set-Mailbox sent under ${ids.size} client-request-ids (repeated writes)`);
  if (operation.readOnly && sets.length > 0)
    problems.push(`${sets.length} Set-Mailbox call(s) on a read-only operation`);
  const last = sets.at(-1);
  if (succeeded && last !== undefined) {
    const verified = calls.some((call) => call.seq > last.seq && call.cmdlet === "Get-Mailbox");
    if (!verified) problems.push("no Get-Mailbox after the last Set-Mailbox");
  }
  return problems;
}

function describeThrown(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function firstLine(text: string): string {
  return (text.split("\n")[0] ?? "").slice(0, 160);
}
