/**
 * Coalesces lookups: every key asked for within a short window goes out in one
 * `Get-Mailbox -Filter "<clause> -or <clause> ..."` call, and each caller gets the objects
 * that answer its key. N resources reading at once cost about N/50 calls instead of N.
 */
import type { CmdletInvoker, ExchangeObject } from "./types";

/** How one kind of key becomes a filter clause and is found again in the answers. */
export interface LookupKind {
  /** The OPATH clause matching one normalized key; the key must be safe to quote. */
  clause(key: string): string;
  /** The normalized keys an answered object satisfies. */
  keysOf(object: ExchangeObject): readonly string[];
}

/** Settings of a {@link FilterBatcher}. */
export interface FilterBatcherOptions {
  /** Properties to read. @default all */
  readonly select?: readonly string[];
  /** Keys per `Get-Mailbox` call (bounds the filter's length). @default 50 */
  readonly maxKeysPerCall?: number;
  /** How long to wait for more keys before sending a partial batch. @default 20 */
  readonly windowMs?: number;
  /**
   * Partial batches in flight at once; further keys wait for one to return, so batches grow
   * with load instead of with a longer window. Full batches always go. @default 2
   */
  readonly maxInFlight?: number;
}

interface Waiter {
  readonly resolve: (objects: ExchangeObject[]) => void;
  readonly reject: (error: unknown) => void;
}

/** Shares one filtered Get-Mailbox among the callers of a window. */
export class FilterBatcher {
  private readonly maxKeys: number;
  private readonly windowMs: number;
  private readonly maxInFlight: number;
  private pending = new Map<string, Waiter[]>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;

  constructor(
    private readonly invoker: CmdletInvoker,
    private readonly kind: LookupKind,
    private readonly options: FilterBatcherOptions = {},
  ) {
    this.maxKeys = Math.max(1, Math.floor(options.maxKeysPerCall ?? 50));
    this.windowMs = options.windowMs ?? 20;
    this.maxInFlight = Math.max(1, Math.floor(options.maxInFlight ?? 2));
  }

  /** Every object answering `key` (already normalized), or the shared call's error. */
  get(key: string): Promise<ExchangeObject[]> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(key);
      if (waiters === undefined) this.pending.set(key, [{ resolve, reject }]);
      else waiters.push({ resolve, reject });
      if (this.pending.size >= this.maxKeys) this.flush();
      else if (this.inFlight < this.maxInFlight)
        this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    if (batch.size === 0) return;
    this.inFlight += 1;
    void this.send(batch).finally(() => {
      this.inFlight -= 1;
      // Keys that waited behind the cap go now, as one batch.
      if (this.pending.size > 0 && this.inFlight < this.maxInFlight) this.flush();
    });
  }

  private async send(batch: ReadonlyMap<string, Waiter[]>): Promise<void> {
    let found: ExchangeObject[];
    try {
      found = await this.invoker.invoke(
        "Get-Mailbox",
        {
          Filter: [...batch.keys()].map((k) => this.kind.clause(k)).join(" -or "),
          ResultSize: "Unlimited",
        },
        {
          urgent: true,
          ...(this.options.select === undefined ? {} : { select: this.options.select }),
        },
      );
    } catch (error) {
      for (const waiter of [...batch.values()].flat()) waiter.reject(error);
      return;
    }
    const byKey = new Map<string, ExchangeObject[]>();
    for (const object of found) {
      for (const key of new Set(this.kind.keysOf(object)))
        byKey.set(key, [...(byKey.get(key) ?? []), object]);
    }
    for (const [key, waiters] of batch) {
      for (const waiter of waiters) waiter.resolve(byKey.get(key) ?? []);
    }
  }
}
