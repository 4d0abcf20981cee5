/**
 * Every fault the emulator can inject, as rows of the fault matrix. A row says what to
 * inject, whether the provider must ride it out or may give up (with a clear error), and
 * what a clear error for it mentions.
 */
import type { FaultConfig } from "../../emulator";

/** One row of the fault matrix. */
export interface FaultRow {
  readonly name: string;
  readonly faults: FaultConfig;
  /** "converges": bounded faults that retries must absorb. "either": the provider may give up. */
  readonly expect: "converges" | "either";
  /** What a clear error for this fault mentions, beyond saying what to do. */
  readonly clear?: RegExp;
  /** Advice that would send the user the wrong way for this fault. */
  readonly misleading?: RegExp;
  /** Other resources refresh and adopt in parallel, so limits bite. */
  readonly parallelLoad?: boolean;
  /** A new emulator for the row: the provider's adaptive limiter is per tenant endpoint. */
  readonly freshEmulator?: boolean;
  /** Drop cached tokens before the operation, so it signs in under the row's token faults. */
  readonly freshTokens?: boolean;
  /** Why the row cannot run in-process; it is listed as skipped. */
  readonly skip?: string;
}

const TEMPORARY = /temporar|again later|run the command again/i;
const THROTTLED = /throttl[\s\S]*(maxConcurrency|requestsPerSecond|--parallel)/i;

/** The matrix rows, in the order they are printed. */
export const FAULT_ROWS: readonly FaultRow[] = [
  { name: "latency 150 ms", faults: { latencyMs: 150 }, expect: "converges" },
  {
    name: "jittered latency 10-260 ms",
    faults: { latencyMs: 10, jitterMs: 250 },
    expect: "converges",
  },
  {
    name: "429 x2, Retry-After 0.05",
    faults: { rules: [{ fault: "429", retryAfter: "0.05", times: 2 }] },
    expect: "converges",
    freshEmulator: true,
  },
  {
    name: "429 x2, no Retry-After",
    faults: { rules: [{ fault: "429", retryAfter: null, times: 2 }] },
    expect: "converges",
    freshEmulator: true,
  },
  {
    name: "429 always, Retry-After 0.05",
    faults: { rules: [{ fault: "429", retryAfter: "0.05" }] },
    expect: "either",
    clear: THROTTLED,
    freshEmulator: true,
  },
  {
    name: "rate limit 5/s + parallel load",
    faults: { rateLimitPerSecond: 5 },
    expect: "converges",
    parallelLoad: true,
    freshEmulator: true,
  },
  {
    name: "concurrency cap 1 + parallel load",
    faults: { maxConcurrent: 1, latencyMs: 30 },
    expect: "converges",
    parallelLoad: true,
    freshEmulator: true,
  },
  { name: "500 x2", faults: { rules: [{ fault: "500", times: 2 }] }, expect: "converges" },
  { name: "503 x2", faults: { rules: [{ fault: "503", times: 2 }] }, expect: "converges" },
  { name: "504 x2", faults: { rules: [{ fault: "504", times: 2 }] }, expect: "converges" },
  {
    name: "503 always",
    faults: { rules: [{ fault: "503" }] },
    expect: "either",
    clear: TEMPORARY,
  },
  {
    name: "Set-Mailbox 503 always",
    faults: { rules: [{ cmdlet: "Set-Mailbox", fault: "503" }] },
    expect: "either",
    clear: TEMPORARY,
  },
  {
    name: "ADTransientException x2",
    faults: { rules: [{ fault: "transient", times: 2 }] },
    expect: "converges",
  },
  {
    name: "DCOverloadedException x2",
    faults: { rules: [{ fault: "transient", exceptionType: "DCOverloadedException", times: 2 }] },
    expect: "converges",
  },
  {
    name: "connection reset x2",
    faults: { rules: [{ fault: "reset", times: 2 }] },
    expect: "converges",
  },
  {
    name: "hang, 504 after 300 ms x1",
    faults: { rules: [{ fault: "hang", hangMs: 300, times: 1 }] },
    expect: "converges",
  },
  {
    name: "hang, no answer x1",
    faults: { rules: [{ fault: "hang", times: 1 }] },
    expect: "converges",
  },
  {
    name: "non-JSON 403 x1",
    faults: { rules: [{ fault: "nonJson403", times: 1 }] },
    expect: "either",
    clear: /permission|Exchange\.ManageAsApp/i,
  },
  { name: "replication lag 300 ms", faults: { replicationLagMs: 300 }, expect: "converges" },
  {
    name: "Set-Mailbox applied, answered 500",
    faults: { rules: [{ cmdlet: "Set-Mailbox", fault: "appliedButFailed" }] },
    expect: "converges",
  },
  {
    name: "@adminapi.errors on Set-Mailbox x1",
    faults: { rules: [{ cmdlet: "Set-Mailbox", fault: "nonTerminating", times: 1 }] },
    expect: "converges",
  },
  {
    name: "@adminapi.errors always",
    faults: { rules: [{ fault: "nonTerminating" }] },
    expect: "either",
    clear: TEMPORARY,
  },
  {
    name: "token lifetime 2 s (renewed mid-run)",
    faults: { tokenLifetimeSeconds: 2 },
    expect: "converges",
    freshTokens: true,
  },
  {
    name: "token endpoint 503 x1 mid-run",
    faults: {
      tokenLifetimeSeconds: 2,
      rules: [{ target: "token", fault: "503", times: 1, afterRequests: 1 }],
    },
    expect: "converges",
    freshTokens: true,
  },
  {
    name: "token expired on arrival",
    faults: { tokenLifetimeSeconds: 0 },
    expect: "either",
    clear: /expired/i,
    // An expired token is not a missing permission: checking roles and consent fixes nothing.
    misleading: /Exchange\.ManageAsApp|lack of permission/i,
    freshTokens: true,
  },
];
