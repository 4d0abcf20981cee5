/**
 * The one retry wrapper. Every call this product makes is idempotent (reads, and writes that set
 * a property to a given value), so a write is retried like a read: repeating it after an unclear
 * failure lands in the same state. Only Throttled and Transient failures are retried.
 */
import { CloudManagedError, isErrorOfKind, type ErrorKind } from "../errors";
import { silentLogger, type Logger } from "../log";
import { LOWER_LOAD_ADVICE } from "./failure";

/** How hard to retry. */
export interface RetryPolicy {
  /**
   * Attempts in all, the first included.
   * @default 6
   */
  readonly maxAttempts: number;
  /**
   * Total time a logical call may take, waits included; no retry starts that would end after it.
   * @default 120000
   */
  readonly budgetMs: number;
  /**
   * Base of the exponential backoff used when the service names no wait.
   * @default 1000
   */
  readonly baseDelayMs: number;
  /**
   * Cap of one backoff delay (a service-named `Retry-After` is not capped, only budgeted).
   * @default 30000
   */
  readonly maxDelayMs: number;
}

/** Defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  budgetMs: 120_000,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
};

/** One decision to retry, as reported to `onRetry` and the debug log. */
export interface RetryEvent {
  readonly operation: string;
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly kind: ErrorKind;
  readonly status?: number;
  /** True when the delay came from the service's `Retry-After`. */
  readonly fromRetryAfter: boolean;
}

/** The outcome of one attempt: a value, or a classified failure. */
export type AttemptOutcome<T> = { readonly value: T } | AttemptFailure;

/** A failed attempt, with what the service said about waiting and about the failure. */
export interface AttemptFailure {
  readonly error: CloudManagedError;
  /** The service's `Retry-After`, in ms. */
  readonly retryAfterMs?: number;
  /** The service's words, repeated in the final error so they survive the retries. */
  readonly detail?: string;
}

/** Settings of {@link withRetries}. */
export interface RetryOptions {
  /** Named in logs and final errors, e.g. the cmdlet. */
  readonly operation: string;
  readonly policy?: Partial<RetryPolicy>;
  readonly logger?: Logger;
  /** Called before each wait; for tests and metrics. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** Source of jitter in [0, 1). */
  readonly random?: () => number;
}

const RETRYABLE: readonly ErrorKind[] = ["Throttled", "Transient"];

/**
 * Runs `attempt` until it yields a value, a failure that is not worth retrying, or the policy
 * runs out; then throws an error that says how many attempts were made and what to do.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<AttemptOutcome<T>>,
  options: RetryOptions,
): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const logger = options.logger ?? silentLogger;
  const random = options.random ?? Math.random;
  const started = Date.now();

  for (let attemptNumber = 1; ; attemptNumber += 1) {
    const outcome = await attemptSafely(attempt, attemptNumber);
    if ("value" in outcome) return outcome.value;

    const { error } = outcome;
    if (!isErrorOfKind(error, ...RETRYABLE)) throw error;
    const { delayMs, fromRetryAfter } = delayFor(
      outcome,
      error.kind,
      policy,
      attemptNumber,
      random,
    );
    const elapsedMs = Date.now() - started;
    const overBudget = elapsedMs + delayMs > policy.budgetMs;
    if (attemptNumber >= policy.maxAttempts || overBudget) {
      const askedWaitMs = fromRetryAfter && overBudget ? delayMs : undefined;
      throw givenUp(outcome, options.operation, attemptNumber, elapsedMs, askedWaitMs);
    }

    const event: RetryEvent = {
      operation: options.operation,
      attempt: attemptNumber,
      delayMs,
      kind: error.kind,
      fromRetryAfter,
      ...(error.context.status === undefined ? {} : { status: error.context.status }),
    };
    logger.debug(
      `Retrying ${event.operation} after attempt ${attemptNumber} of ${policy.maxAttempts} ` +
        `failed (${error.kind}${event.status === undefined ? "" : `, HTTP ${event.status}`}); ` +
        `waiting ${Math.round(delayMs)} ms${fromRetryAfter ? " as Retry-After asks" : ""}.`,
    );
    options.onRetry?.(event);
    await sleep(delayMs);
  }
}

/**
 * Parses `Retry-After`: delta seconds (fractions allowed, as Exchange sends them) or an HTTP
 * date. Returns milliseconds, or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Tokens and other thrown errors of Throttled/Transient kind are retried like answers. */
async function attemptSafely<T>(
  attempt: (attemptNumber: number) => Promise<AttemptOutcome<T>>,
  attemptNumber: number,
): Promise<AttemptOutcome<T>> {
  try {
    return await attempt(attemptNumber);
  } catch (error) {
    if (isErrorOfKind(error, ...RETRYABLE)) return { error };
    throw error;
  }
}

/**
 * The wait before the next attempt. A named Retry-After is honoured; when throttled, the wait
 * is also at least half the exponential backoff, so a tenant that answers 429 with a short
 * Retry-After gives the limiter's rate time to come down before the attempts run out.
 */
function delayFor(
  outcome: AttemptFailure,
  kind: ErrorKind,
  policy: RetryPolicy,
  attemptNumber: number,
  random: () => number,
): { delayMs: number; fromRetryAfter: boolean } {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attemptNumber - 1));
  const named = outcome.retryAfterMs;
  if (kind !== "Throttled") {
    return named === undefined
      ? { delayMs: Math.floor(random() * ceiling), fromRetryAfter: false }
      : { delayMs: named, fromRetryAfter: true };
  }
  // Equal jitter: uniform in [ceiling / 2, ceiling).
  const floor = Math.floor(ceiling / 2 + (random() * ceiling) / 2);
  return named !== undefined && named >= floor
    ? { delayMs: named, fromRetryAfter: true }
    : { delayMs: floor, fromRetryAfter: false };
}

function givenUp(
  { error: last, detail }: AttemptFailure,
  operation: string,
  attempts: number,
  elapsedMs: number,
  askedWaitMs: number | undefined,
): CloudManagedError {
  // A failure before the call (signing in) is not Exchange's: its own message says it best.
  if (last.context.operation !== undefined && last.context.operation !== operation) {
    const spent = `after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
    const reason = last.message.replace(/ \[[^\]]*\]$/, "");
    const message = `${operation} could not start ${spent}: ${reason}`;
    return new CloudManagedError(last.kind, message, last.context, { cause: last });
  }
  const plural = attempts === 1 ? "" : "s";
  const spent = `after ${attempts} attempt${plural} in ${(elapsedMs / 1000).toFixed(1)} s`;
  const wait =
    askedWaitMs === undefined
      ? ""
      : ` The service asked to wait ${(askedWaitMs / 1000).toFixed(1)} s more, past the retry budget.`;
  const said = detail === undefined ? "" : ` Last answer: ${detail.replace(/[.\s]+$/, "")}.`;
  const message =
    last.kind === "Throttled"
      ? `Exchange Online kept throttling ${operation}; gave up ${spent}.${said}${wait} ` +
        LOWER_LOAD_ADVICE
      : `${operation} kept failing with temporary errors; gave up ${spent}.${said} Run the ` +
        "command again later; if it keeps failing, check Exchange Online service health in " +
        "the Microsoft 365 admin center, and that exchange:exchangeUrl is reachable from here " +
        "(proxy, firewall).";
  return new CloudManagedError(last.kind, message, last.context, { cause: last });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
