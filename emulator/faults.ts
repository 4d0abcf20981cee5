/**
 * Fault configuration at run time: latency, the per-tenant rate budget, the concurrency cap
 * and the rules that pick requests to break.
 */
import type { FaultConfig, FaultRule } from "./types";

/** Endpoints a rule can target. */
export type FaultTarget = "token" | "invoke" | "batch";

/** What a request offers for rule matching. */
export interface FaultProbe {
  target: FaultTarget;
  cmdlet?: string;
  /** True when the request's Identity names the same recipient as `ruleIdentity`. */
  identityMatches?: (ruleIdentity: string) => boolean;
}

/** Holds the active fault configuration and the state its limits need. */
export class FaultEngine {
  private config: FaultConfig = {};
  private seen: number[] = [];
  private fired: number[] = [];
  private bucket = { tokens: 0, at: 0 };
  private inFlight = 0;

  constructor(config: FaultConfig = {}) {
    this.set(config);
  }

  /** Replaces the configuration and forgets rule counts and the rate bucket. */
  set(config: FaultConfig): void {
    this.config = structuredClone(config);
    const n = config.rules?.length ?? 0;
    this.seen = new Array<number>(n).fill(0);
    this.fired = new Array<number>(n).fill(0);
    this.bucket = { tokens: config.rateLimitPerSecond ?? 0, at: Date.now() };
  }

  /** A copy of the active configuration. */
  current(): FaultConfig {
    return structuredClone(this.config);
  }

  /** Delay to add to this request, ms. */
  latency(): number {
    const fixed = this.config.latencyMs ?? 0;
    const jitter = this.config.jitterMs ?? 0;
    return fixed + (jitter > 0 ? Math.random() * jitter : 0);
  }

  get replicationLagMs(): number {
    return this.config.replicationLagMs ?? 0;
  }

  get tokenLifetimeSeconds(): number {
    return this.config.tokenLifetimeSeconds ?? 3599;
  }

  /**
   * Takes one request from the tenant's budget.
   * @returns undefined when allowed, else seconds until a token is available
   */
  takeRateToken(now: number = Date.now()): number | undefined {
    const rate = this.config.rateLimitPerSecond;
    if (rate === undefined || rate <= 0) return undefined;
    const elapsed = (now - this.bucket.at) / 1000;
    this.bucket = { tokens: Math.min(rate, this.bucket.tokens + elapsed * rate), at: now };
    if (this.bucket.tokens >= 1) {
      this.bucket.tokens -= 1;
      return undefined;
    }
    return (1 - this.bucket.tokens) / rate;
  }

  /** Admits an Exchange request under the concurrency cap; false when over it. */
  enter(): boolean {
    const cap = this.config.maxConcurrent;
    if (cap !== undefined && cap > 0 && this.inFlight >= cap) return false;
    this.inFlight++;
    return true;
  }

  /** Releases a slot taken by {@link enter}. */
  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** The first rule that fires for this request, counting it. */
  match(probe: FaultProbe): FaultRule | undefined {
    const rules = this.config.rules ?? [];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as FaultRule;
      if (!applies(rule, probe)) continue;
      this.seen[i] = (this.seen[i] ?? 0) + 1;
      if ((this.seen[i] ?? 0) <= (rule.afterRequests ?? 0)) continue;
      if (rule.times !== undefined && (this.fired[i] ?? 0) >= rule.times) continue;
      this.fired[i] = (this.fired[i] ?? 0) + 1;
      return rule;
    }
    return undefined;
  }
}

function applies(rule: FaultRule, probe: FaultProbe): boolean {
  const target = rule.target ?? "invoke";
  if (target !== "any" && target !== probe.target) return false;
  if (rule.cmdlet !== undefined) {
    if (probe.cmdlet === undefined || rule.cmdlet.toLowerCase() !== probe.cmdlet.toLowerCase()) {
      return false;
    }
  }
  if (rule.identity !== undefined) {
    if (probe.identityMatches === undefined || !probe.identityMatches(rule.identity)) return false;
  }
  return true;
}
