/**
 * What the emulator has seen, for tests and benchmarks to assert on.
 */
import type { Counters, WriteRecord } from "./types";

/** Mutable counters behind {@link Counters} snapshots. */
export class CounterSet {
  private data: Counters = empty();
  private inFlight = 0;

  /** An independent copy of the current values. */
  snapshot(): Counters {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = empty();
  }

  /** One InvokeCommand or $batch HTTP request arrived. */
  request(clientRequestId: string | undefined): void {
    this.data.requests++;
    if (clientRequestId !== undefined && clientRequestId !== "") {
      bump(this.data.byClientRequestId, clientRequestId);
    }
  }

  tokenRequest(): void {
    this.data.tokenRequests++;
  }

  cmdlet(name: string): void {
    bump(this.data.byCmdlet, name);
  }

  /** One Exchange answer (or $batch sub-answer) with this status. */
  status(status: number): void {
    bump(this.data.byStatus, String(status));
    if (status === 429) this.data.throttled++;
  }

  write(record: WriteRecord): void {
    this.data.writes.push(structuredClone(record));
  }

  /** An Exchange request started; returns how many are now in flight. */
  enter(): number {
    this.inFlight++;
    this.data.maxConcurrentSeen = Math.max(this.data.maxConcurrentSeen, this.inFlight);
    return this.inFlight;
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }
}

function empty(): Counters {
  return {
    requests: 0,
    tokenRequests: 0,
    byCmdlet: {},
    byStatus: {},
    byClientRequestId: {},
    throttled: 0,
    writes: [],
    maxConcurrentSeen: 0,
  };
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}
