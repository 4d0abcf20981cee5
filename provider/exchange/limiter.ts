/**
 * Client-side pacing for one tenant: a concurrency cap plus a token bucket whose rate adapts to
 * the service's throttling (multiplicative decrease on 429, slow additive recovery on success).
 */
import { CloudManagedError } from "../errors";

/** Settings of a {@link RequestLimiter}. */
export interface LimiterOptions {
  /**
   * Requests in flight at once.
   * @default 25
   */
  readonly maxConcurrency?: number;
  /**
   * Highest request rate per second; the limiter starts here and never exceeds it.
   * @default 100
   */
  readonly requestsPerSecond?: number;
  /**
   * Lowest rate the adaptive decrease may reach.
   * @default 1
   */
  readonly minRequestsPerSecond?: number;
  /**
   * Factor applied to the rate on a 429 (at most once per `decreaseCooldownMs`).
   * @default 0.7
   */
  readonly decreaseFactor?: number;
  /**
   * Requests per second added back to the rate after each success.
   * @default 0.1
   */
  readonly recoveryPerSuccess?: number;
  /**
   * Requests that may start back to back after an idle period: a full set of concurrent
   * requests, so a pause in the work (a batch of creates waiting for their reads) does not
   * leave budget unused, but never more than a quarter second of the rate.
   * @default max(1, min(maxConcurrency, requestsPerSecond / 4))
   */
  readonly burst?: number;
  /**
   * Window during which further 429s (answers to the same overload) do not lower the rate again.
   * @default 1000
   */
  readonly decreaseCooldownMs?: number;
}

/** A snapshot of a limiter, for logs and benchmarks. */
export interface LimiterStats {
  readonly ratePerSecond: number;
  readonly inFlight: number;
  readonly queued: number;
  readonly throttled: number;
}

/** Paces requests to one tenant. Share one per tenant and process (see {@link sharedLimiter}). */
export class RequestLimiter {
  private readonly maxConcurrency: number;
  private readonly maxRate: number;
  private readonly minRate: number;
  private readonly decreaseFactor: number;
  private readonly recoveryPerSuccess: number;
  private readonly burst: number;
  private readonly cooldownMs: number;

  private rate: number;
  private tokens = 1;
  private refilledAt = Date.now();
  private pausedUntil = 0;
  private decreasedAt = Number.NEGATIVE_INFINITY;
  private active = 0;
  private throttled = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly urgentWaiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(options: LimiterOptions = {}) {
    this.maxConcurrency = positive(options.maxConcurrency, 25, "maxConcurrency");
    this.maxRate = positive(options.requestsPerSecond, 100, "requestsPerSecond");
    this.minRate = Math.min(
      this.maxRate,
      positive(options.minRequestsPerSecond, 1, "minRequestsPerSecond"),
    );
    this.decreaseFactor = options.decreaseFactor ?? 0.7;
    this.recoveryPerSuccess = options.recoveryPerSuccess ?? 0.1;
    this.burst = positive(
      options.burst,
      Math.max(1, Math.min(this.maxConcurrency, this.maxRate / 4)),
      "burst",
    );
    this.cooldownMs = options.decreaseCooldownMs ?? 1000;
    this.rate = this.maxRate;
  }

  /**
   * Runs `task` once a concurrency slot and a rate token are free; releases the slot after.
   * An `urgent` task goes ahead of every queued ordinary one.
   */
  async run<T>(task: () => Promise<T>, urgent = false): Promise<T> {
    await new Promise<void>((resolve) => {
      (urgent ? this.urgentWaiters : this.waiters).push(resolve);
      this.pump();
    });
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.pump();
    }
  }

  /**
   * Reports a 429: lowers the rate and, when the service named a wait, holds every queued
   * request of this limiter until it has passed.
   */
  onThrottled(retryAfterMs?: number): void {
    const now = Date.now();
    this.throttled += 1;
    this.tokens = Math.min(this.tokens, 0);
    if (now - this.decreasedAt >= this.cooldownMs) {
      this.rate = Math.max(this.minRate, this.rate * this.decreaseFactor);
      this.decreasedAt = now;
    }
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    }
  }

  /** Reports a success: the rate creeps back towards its configured maximum. */
  onSuccess(): void {
    this.rate = Math.min(this.maxRate, this.rate + this.recoveryPerSuccess);
  }

  /** Current rate, slots in use, queue length and 429s seen. */
  stats(): LimiterStats {
    return {
      ratePerSecond: this.rate,
      inFlight: this.active,
      queued: this.waiters.length + this.urgentWaiters.length,
      throttled: this.throttled,
    };
  }

  private pump(): void {
    while (this.queued() > 0 && this.active < this.maxConcurrency) {
      const now = Date.now();
      if (now < this.pausedUntil) return this.wake(this.pausedUntil - now);
      this.refill(now);
      if (this.tokens < 1) return this.wake(((1 - this.tokens) / this.rate) * 1000);
      this.tokens -= 1;
      this.active += 1;
      (this.urgentWaiters.shift() ?? this.waiters.shift())?.();
    }
  }

  private queued(): number {
    return this.urgentWaiters.length + this.waiters.length;
  }

  private refill(now: number): void {
    const elapsedSeconds = Math.max(0, now - this.refilledAt) / 1000;
    this.tokens = Math.min(this.burst, this.tokens + elapsedSeconds * this.rate);
    this.refilledAt = now;
  }

  private wake(afterMs: number): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.pump();
      },
      Math.max(1, Math.ceil(afterMs)),
    );
  }
}

const shared = new Map<string, RequestLimiter>();

/**
 * The process-wide limiter for `key` (the provider uses the tenant), created with `options` on
 * first use; later callers get the same instance and their options are ignored.
 */
export function sharedLimiter(key: string, options: LimiterOptions = {}): RequestLimiter {
  let limiter = shared.get(key);
  if (limiter === undefined) {
    limiter = new RequestLimiter(options);
    shared.set(key, limiter);
  }
  return limiter;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new CloudManagedError(
      "Configuration",
      `The request limiter setting ${name} must be a positive number, got ${value}. ` +
        "Fix the matching exchange:* provider configuration value.",
    );
  }
  return value;
}
