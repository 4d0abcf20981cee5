/**
 * Provider-level benchmarks: the dynamic provider's methods called in-process and concurrently
 * against an emulator tenant with realistic latency, rate budget and concurrency cap.
 *
 *   npx ts-node --transpile-only bench/provider-bench.ts [--quick] [--parallel 64[,8]] [--only up,refresh,state,memory] [--emulator process|inprocess]
 *
 * Prints one markdown table (stdout); progress goes to stderr.
 */
import { parseArgs, wanted, type BenchArgs } from "./args";
import { REPO_ROOT } from "./emulator-process";
import { measureMemory } from "./memory-probe";
import * as workloads from "./provider-workloads";
import { callsByCmdlet, optimumSeconds, REALISTIC } from "./realistic";
import { providerTextBytes } from "./state-probe";
import { markdownTable, type BenchRow } from "./table";
import { setEmulatorMode, tuningLabel, type LimiterTuning } from "./tenant";

const FULL = { up: 500, sequential: 30, refresh: 1000, drifted: 10, memory: 5000 };
const QUICK = { up: 20, sequential: 3, refresh: 60, drifted: 2, memory: 200 };
/** The provider's limiter set to the tenant's budget, as a user would through stack config. */
const TUNED: LimiterTuning = { maxConcurrency: REALISTIC.maxConcurrent, requestsPerSecond: REALISTIC.rateLimitPerSecond };
const MB = 1024;

/** Runs the selected workloads and returns the rows and the notes to print under them. */
export async function providerBench(args: BenchArgs): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const size = args.quick ? QUICK : FULL;
  setEmulatorMode(args.emulator);
  const rows: BenchRow[] = [];
  const notes: string[] = [];

  if (wanted(args, "up")) {
    progress(`sequential baseline, N=${size.sequential}`);
    const seq = await workloads.sequential(size.sequential);
    const perMailboxS = seq.wallS / size.sequential;
    const seqAtN = perMailboxS * size.up;
    rows.push({
      workload: `up: sequential loop Get/Set/Get, one call at a time (extrapolated to N=${size.up})`,
      n: size.sequential,
      parallel: 1,
      wallS: seq.wallS,
      optimumS: optimumSeconds(seq.calls, seq.calls),
      calls: callsByCmdlet(seq.counters),
      throttled: seq.counters.throttled,
      tokenRequests: seq.counters.tokenRequests,
      failures: seq.failures,
      result: `${perMailboxS.toFixed(3)} s/mailbox -> ${seqAtN.toFixed(0)} s for N=${size.up} (extrapolated)`,
      target: "reference",
    });
    for (const parallel of args.parallel) {
      for (const tuning of [{}, TUNED] as LimiterTuning[]) {
        progress(`up N=${size.up} parallel=${parallel} ${tuningLabel(tuning)}`);
        const m = await workloads.up(size.up, parallel, tuning);
        const optimumS = optimumSeconds(m.calls, 3);
        const speedup = seqAtN / m.wallS;
        const minCalls = size.up + 2 * Math.ceil(size.up / 50);
        rows.push({
          workload: `up: create new, ${tuningLabel(tuning)}`,
          n: size.up,
          parallel,
          wallS: m.wallS,
          optimumS,
          calls: callsByCmdlet(m.counters),
          throttled: m.counters.throttled,
          tokenRequests: m.counters.tokenRequests,
          failures: m.failures + m.notApplied,
          result: `${speedup.toFixed(1)}x faster than sequential; ${m.calls} calls vs ${minCalls} needed (optimum ${optimumSeconds(minCalls, 3).toFixed(1)} s)`,
          target: "<= 1.3x optimum, >= 10x sequential, 0 failures",
          met: m.wallS <= 1.3 * optimumS && speedup >= 10 && m.failures === 0 && m.notApplied === 0,
        });
        for (const e of m.errors) notes.push(`up parallel=${parallel} ${tuningLabel(tuning)}: ${e}`);
      }
    }
  }

  if (wanted(args, "refresh")) {
    for (const parallel of args.parallel) {
      for (const drifted of [0, size.drifted]) {
        progress(`preview --refresh N=${size.refresh} parallel=${parallel} drifted=${drifted}`);
        const m = await workloads.refresh(size.refresh, parallel, drifted, {});
        const shown = [...m.changed].filter((id) => m.flipped.has(id)).length;
        const others = m.changed.size - shown;
        const budget = size.refresh / 20;
        rows.push({
          workload: drifted === 0 ? "preview --refresh, unchanged" : `preview --refresh, ${drifted} drifted`,
          n: size.refresh,
          parallel,
          wallS: m.wallS,
          optimumS: optimumSeconds(m.calls),
          calls: callsByCmdlet(m.counters),
          throttled: m.counters.throttled,
          tokenRequests: m.counters.tokenRequests,
          failures: m.failures,
          result:
            `${m.calls} calls (N/${(size.refresh / Math.max(1, m.calls)).toFixed(1)}); ` +
            `changes shown: ${shown}/${m.flipped.size} drifted, ${others} others`,
          target:
            drifted === 0
              ? `<= N/20 = ${budget} calls, no changes`
              : `exactly the ${drifted} drifted show changes`,
          met:
            m.failures === 0 &&
            shown === m.flipped.size &&
            others === 0 &&
            (drifted === 0 ? m.calls <= budget : true),
        });
        for (const e of m.errors) notes.push(`refresh parallel=${parallel}: ${e}`);
      }
    }
  }

  if (wanted(args, "state")) {
    progress("state: serializing the installed provider");
    const state = await providerTextBytes();
    rows.push({
      workload: "state: __provider per resource (installed package)",
      n: 1,
      result: "bytes" in state ? `${state.bytes} B/resource` : state.problem,
      target: "<= 2 KB",
      met: "bytes" in state && state.bytes <= 2048,
    });
  }

  if (wanted(args, "memory")) {
    const parallel = args.parallel[0] ?? 64;
    // Two sizes: the target size and a fifth of it, to show whether memory grows with N.
    for (const n of [size.memory / 5, size.memory]) {
      progress(`memory: child process reads N=${n} parallel=${parallel}`);
      try {
        const m = await measureMemory(n, parallel, REPO_ROOT);
        rows.push({
          workload: "memory: provider process peak RSS, reads (child node + @pulumi/pulumi)",
          n,
          parallel,
          wallS: m.wallMs / 1000,
          optimumS: optimumSeconds(m.calls),
          calls: `Get-Mailbox ${m.calls}`,
          tokenRequests: m.tokenRequests,
          failures: m.failures,
          result:
            `peak RSS ${(m.peakKb / MB).toFixed(0)} MB (after loading ${(m.loadedKb / MB).toFixed(0)} MB` +
            `${m.vmHwmKb === undefined ? "" : `; VmHWM ${(m.vmHwmKb / MB).toFixed(0)} MB`})`,
          target: "<= 200 MB",
          met: m.peakKb <= 200 * MB && m.failures === 0,
        });
        if (m.firstError !== undefined) notes.push(`memory N=${n}: ${m.firstError}`);
      } catch (error) {
        rows.push({ workload: "memory: provider process peak RSS", n, result: String(error), target: "<= 200 MB", met: false });
      }
    }
  }

  const withTokens = rows.filter((r) => r.tokenRequests !== undefined);
  if (withTokens.length > 0) {
    const counts = withTokens.map((r) => r.tokenRequests as number);
    rows.push({
      workload: "auth: token requests per run (each row above is one fresh provider run)",
      n: withTokens.length,
      tokenRequests: Math.max(...counts),
      result: `min ${Math.min(...counts)}, max ${Math.max(...counts)} per run`,
      target: "1 per run",
      met: counts.every((c) => c === 1),
    });
  }
  return { rows, notes };
}

function progress(message: string): void {
  process.stderr.write(`[provider-bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const { rows, notes } = await providerBench(args);
  const f = REALISTIC;
  console.log(
    `### Provider-level (in-process dynamic provider, emulator: latency ${f.latencyMs}+${f.jitterMs} ms jitter, ` +
      `${f.rateLimitPerSecond} req/s, ${f.maxConcurrent} concurrent; emulator ${args.emulator === "process" ? "in its own process" : "in the provider's process"}` +
      `${args.quick ? "; --quick sizes" : ""})\n`,
  );
  console.log(markdownTable(rows));
  console.log(
    "\noptimum = max(calls / 100 per s, calls x 225 ms / 25 in flight, dependent calls x 225 ms), " +
      "counting the cmdlet calls the run made (429s excluded); ratio = wall / optimum.",
  );
  for (const note of notes) console.log(`- ${note}`);
  console.log(`\n(provider-level run took ${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
