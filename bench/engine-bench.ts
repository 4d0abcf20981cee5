/**
 * Engine-level benchmarks: the same workloads as bench/provider-bench.ts, through the real
 * Pulumi engine (Automation API, file:// backend) on generated stacks, against an emulator
 * process with realistic latency, rate budget and concurrency cap.
 *
 *   npx ts-node --transpile-only bench/engine-bench.ts [--quick] [--parallel 64[,8]] [--only up,refresh]
 *
 * Needs the installed package (`bash scripts/install-local.sh`) and the Pulumi CLI
 * (`PATH="$(bash scripts/pulumi-cli.sh):$PATH"`); says so and exits 2 when the CLI is missing.
 */
import { performance } from "node:perf_hooks";
import { parseArgs, wanted, type BenchArgs } from "./args";
import {
  checkpointLabel,
  collectEvents,
  engineFloorStack,
  engineStack,
  type EngineOptions,
  type EngineStack,
  type OperationEvents,
} from "./engine-stack";
import { findPulumiCli, PulumiCliMissing, type PulumiCli } from "./pulumi-cli";
import { admittedCalls, callsByCmdlet, MEAN_CALL_S, optimumSeconds, REALISTIC } from "./realistic";
import { markdownTable, type BenchRow } from "./table";

const FULL = { up: 500, refresh: 1000, drifted: 10 };
const QUICK = { up: 10, refresh: 20, drifted: 2 };
/** A PowerShell loop's cost per mailbox: Get, Set, Get, one at a time. */
const SEQUENTIAL_S_PER_MAILBOX = 3 * MEAN_CALL_S;

/** Runs the selected engine workloads. */
export async function engineBench(args: BenchArgs, cli: PulumiCli): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const size = args.quick ? QUICK : FULL;
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  for (const parallel of args.parallel) {
    if (wanted(args, "up")) await upRows(cli, size.up, parallel, rows, notes);
    if (wanted(args, "refresh")) await refreshRows(cli, size.refresh, size.drifted, parallel, rows, notes);
  }
  const withTokens = rows.filter((r) => r.tokenRequests !== undefined);
  if (withTokens.length > 0) {
    const counts = withTokens.map((r) => r.tokenRequests as number);
    rows.push({
      workload: "auth: token requests per engine operation (one provider process each)",
      n: withTokens.length,
      tokenRequests: Math.max(...counts),
      result: `min ${Math.min(...counts)}, max ${Math.max(...counts)} per operation`,
      target: "1 per run",
      met: counts.every((c) => c === 1),
    });
  }
  return { rows, notes };
}

async function upRows(cli: PulumiCli, n: number, parallel: number, rows: BenchRow[], notes: string[]): Promise<void> {
  for (const options of [{}, { skipCheckpoints: true }] as EngineOptions[]) {
    const mode = checkpointLabel(options);
    progress(`engine floor N=${n} parallel=${parallel} ${mode}`);
    const floor = await floorUp(cli, n, parallel, options, notes);
    rows.push({
      workload: `engine floor: up of N no-op dynamic resources, ${mode}`,
      n,
      parallel,
      wallS: floor.wallS,
      failures: floor.failures,
      result: `first step at ${floor.firstStepS} s, last output at ${floor.lastOutputS} s (span ${floor.spanS?.toFixed(1) ?? "?"} s)`,
      target: "reference",
    });

    progress(`up N=${n} parallel=${parallel} ${mode}`);
    const env = await engineStack(cli, n, 0, options);
    try {
      const op = await measure(env, "up", parallel, notes);
      const notApplied = (await env.control.mailboxes()).filter(
        (m) => m.RecipientTypeDetails === "UserMailbox" && !m.IsExchangeCloudManaged,
      ).length;
      const optimumS = optimumSeconds(op.calls, 3);
      const speedup = (SEQUENTIAL_S_PER_MAILBOX * n) / op.wallS;
      const beyondFloorS = op.wallS - floor.wallS;
      const spanS = op.spanS ?? op.wallS;
      const provider = await providerTextBytes(env);
      const failures = op.failures + notApplied;
      rows.push({
        ...op.row,
        workload: `engine up: create new, ${mode}`,
        n,
        parallel,
        optimumS,
        failures,
        result:
          `${speedup.toFixed(1)}x faster than sequential (model ${SEQUENTIAL_S_PER_MAILBOX.toFixed(3)} s/mailbox); ` +
          `first step at ${op.firstStepS} s, last output at ${op.lastOutputS} s: span ${spanS.toFixed(1)} s = ${(spanS / optimumS).toFixed(2)}x optimum; ` +
          `beyond the floor ${beyondFloorS.toFixed(1)} s; ` +
          `state ${(env.stateFileBytes() / n).toFixed(0)} B/resource, __provider ${provider} B`,
        target: "span <= 1.3x optimum, >= 10x sequential, 0 failures",
        met: spanS <= 1.3 * optimumS && speedup >= 10 && failures === 0,
      });
    } finally {
      await env.stop();
    }
  }
}

/** `up` of the no-op stack: the engine, program and provider-host cost of N resources. */
async function floorUp(
  cli: PulumiCli,
  n: number,
  parallel: number,
  options: EngineOptions,
  notes: string[],
): Promise<Phases & { wallS: number; failures: number }> {
  const floor = await engineFloorStack(cli, n, options);
  try {
    const events = collectEvents();
    const started = performance.now();
    let failures = 0;
    try {
      await floor.stack.up({ parallel, onEvent: events.onEvent });
    } catch (error) {
      failures = Math.max(1, events.failed);
      notes.push(`engine floor parallel=${parallel}: ${firstLines(error)}`);
    }
    return { ...phases(events, started), wallS: (performance.now() - started) / 1000, failures };
  } finally {
    floor.stop();
  }
}

/** When the first step began and the last output arrived, seconds after the operation started. */
interface Phases {
  readonly firstStepS: string;
  readonly lastOutputS: string;
  /** From the first step to the last output: the window in which the provider works. */
  readonly spanS: number | undefined;
}

function phases(events: OperationEvents, started: number): Phases {
  const at = (t: number | undefined): string => (t === undefined ? "?" : ((t - started) / 1000).toFixed(1));
  const { firstStepAt, lastOutputAt } = events;
  return {
    firstStepS: at(firstStepAt),
    lastOutputS: at(lastOutputAt),
    spanS: firstStepAt === undefined || lastOutputAt === undefined ? undefined : (lastOutputAt - firstStepAt) / 1000,
  };
}

async function refreshRows(
  cli: PulumiCli,
  n: number,
  drifted: number,
  parallel: number,
  rows: BenchRow[],
  notes: string[],
): Promise<void> {
  progress(`refresh stack N=${n} parallel=${parallel}: up (adopting already cloud-managed mailboxes)`);
  const env = await engineStack(cli, n, 1);
  try {
    const adopt = await measure(env, "up", parallel, notes);
    rows.push({
      ...adopt.row,
      workload: "engine up: adopt existing (setup of the refresh stack)",
      n,
      parallel,
      optimumS: optimumSeconds(adopt.calls, 2),
      result: `state ${(env.stateFileBytes() / n).toFixed(0)} B/resource`,
      target: "reference",
    });

    progress(`preview --refresh N=${n} parallel=${parallel}, unchanged`);
    const same = await measure(env, "preview", parallel, notes);
    rows.push({
      ...same.row,
      workload: "engine preview --refresh, unchanged",
      n,
      parallel,
      optimumS: optimumSeconds(same.calls),
      result: `${same.calls} calls (N/${(n / Math.max(1, same.calls)).toFixed(1)}); ${same.changed.size} changes shown`,
      target: `<= N/20 = ${n / 20} calls, no changes`,
      met: same.failures === 0 && same.calls <= n / 20 && same.changed.size === 0,
    });

    const flipped = new Set<string>();
    const step = Math.max(1, Math.floor(n / drifted));
    for (let i = 0; i < drifted && i * step < n; i++) {
      await env.control.updateMailbox(env.upns[i * step] as string, { IsExchangeCloudManaged: false });
      flipped.add(`m${String(i * step + 1).padStart(5, "0")}`);
    }
    progress(`preview --refresh N=${n} parallel=${parallel}, ${flipped.size} drifted`);
    const drift = await measure(env, "preview", parallel, notes);
    const shown = [...drift.changed].filter((name) => flipped.has(name)).length;
    const others = drift.changed.size - shown;
    rows.push({
      ...drift.row,
      workload: `engine preview --refresh, ${drifted} drifted`,
      n,
      parallel,
      optimumS: optimumSeconds(drift.calls),
      result: `${drift.calls} calls; changes shown: ${shown}/${flipped.size} drifted, ${others} others`,
      target: `exactly the ${drifted} drifted show changes`,
      met: drift.failures === 0 && shown === flipped.size && others === 0,
    });
  } finally {
    await env.stop();
  }
}

interface Operation extends Phases {
  readonly row: Pick<BenchRow, "wallS" | "calls" | "throttled" | "tokenRequests" | "failures">;
  readonly wallS: number;
  readonly calls: number;
  readonly failures: number;
  readonly changed: ReadonlySet<string>;
}

/** Runs `up` or `preview --refresh` once and reads the tenant's counters for it. */
async function measure(env: EngineStack, kind: "up" | "preview", parallel: number, notes: string[]): Promise<Operation> {
  await env.control.resetCounters();
  const events = collectEvents();
  const started = performance.now();
  let failedOperation = false;
  try {
    if (kind === "up") await env.stack.up({ parallel, onEvent: events.onEvent });
    else await env.stack.preview({ parallel, refresh: true, onEvent: events.onEvent });
  } catch (error) {
    failedOperation = true;
    notes.push(`${kind} parallel=${parallel}: ${firstLines(error)}`);
  }
  const wallS = (performance.now() - started) / 1000;
  const counters = await env.control.counters();
  const failures = events.failed + (failedOperation && events.failed === 0 ? 1 : 0);
  const calls = admittedCalls(counters);
  return {
    row: {
      wallS,
      calls: callsByCmdlet(counters),
      throttled: counters.throttled,
      tokenRequests: counters.tokenRequests,
      failures,
    },
    wallS,
    calls,
    failures,
    changed: events.changed,
    ...phases(events, started),
  };
}

/** `__provider` of the first mailbox in the state, bytes. */
async function providerTextBytes(env: EngineStack): Promise<number | string> {
  const exported = await env.stack.exportStack();
  const resources = (exported.deployment as { resources?: Array<{ type?: string; inputs?: Record<string, unknown> }> })
    .resources;
  const text = resources?.find((r) => r.type?.includes("CloudManagedMailbox"))?.inputs?.["__provider"];
  return typeof text === "string" ? Buffer.byteLength(text) : "?";
}

function firstLines(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split("\n").filter((l) => /error|fail/i.test(l));
  return (lines.length > 0 ? lines : text.split("\n")).slice(0, 3).join(" / ").slice(0, 400);
}

function progress(message: string): void {
  process.stderr.write(`[engine-bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const f = REALISTIC;
  console.log(
    `### Engine-level (Pulumi CLI + Automation API, file:// backend, emulator process: latency ${f.latencyMs}+${f.jitterMs} ms jitter, ` +
      `${f.rateLimitPerSecond} req/s, ${f.maxConcurrent} concurrent${args.quick ? "; --quick sizes" : ""})\n`,
  );
  let cli: PulumiCli;
  try {
    cli = findPulumiCli();
  } catch (error) {
    if (!(error instanceof PulumiCliMissing)) throw error;
    console.log(`Not run: ${error.message}`);
    return 2;
  }
  const started = Date.now();
  const { rows, notes } = await engineBench(args, cli);
  console.log(markdownTable(rows));
  console.log(
    "\noptimum as in the provider-level table; wall time includes the engine, the program and the provider process start.",
  );
  for (const note of notes) console.log(`- ${note}`);
  console.log(`\n(engine-level run took ${((Date.now() - started) / 1000).toFixed(0)} s, CLI from ${cli.binDir})`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
