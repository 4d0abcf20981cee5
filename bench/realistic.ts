/**
 * The service behaviour every benchmark runs against, and the budget-bound optimum it implies.
 */
import type { Counters, FaultConfig } from "../emulator";

/** Exchange Online as a busy tenant sees it: 200-250 ms per call, 100 req/s, 25 in flight. */
export const REALISTIC: Required<Pick<FaultConfig, "latencyMs" | "jitterMs" | "rateLimitPerSecond" | "maxConcurrent">> = {
  latencyMs: 200,
  jitterMs: 50,
  rateLimitPerSecond: 100,
  maxConcurrent: 25,
};

/** Mean service time of one call, seconds. */
export const MEAN_CALL_S = (REALISTIC.latencyMs + REALISTIC.jitterMs / 2) / 1000;

/**
 * The fastest a run of `calls` admitted Exchange calls can finish: the tenant's rate budget,
 * its concurrency cap (25 in flight of ~225 ms each) and the longest chain of dependent calls.
 */
export function optimumSeconds(calls: number, chain = 1): number {
  return Math.max(
    calls / REALISTIC.rateLimitPerSecond,
    (calls * MEAN_CALL_S) / REALISTIC.maxConcurrent,
    chain * MEAN_CALL_S,
  );
}

/** Cmdlet calls the tenant ran (429s excluded: a refused request runs no cmdlet). */
export function admittedCalls(counters: Counters): number {
  return Object.values(counters.byCmdlet).reduce((sum, n) => sum + n, 0);
}

/** `Get-Mailbox 1020, Set-Mailbox 500`. */
export function callsByCmdlet(counters: Counters): string {
  const entries = Object.entries(counters.byCmdlet).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? "none" : entries.map(([name, n]) => `${name} ${n}`).join(", ");
}
