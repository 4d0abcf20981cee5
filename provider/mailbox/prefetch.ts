/**
 * Refresh at scale. The engine reads resources a few at a time (`--parallel`, 8 on a
 * two-core machine), so coalescing alone still costs N/8 calls. Once a process has been asked
 * for many mailboxes, it lists the tenant's synced mailboxes in pages of 1000 instead and
 * answers later reads from that listing for a short while.
 */
import { listMailboxObjects } from "./list";
import { CmdletInvoker, ExchangeObject, MailboxLookup } from "./ports";

/** Settings of a {@link PrefetchingLookup}. */
export interface PrefetchOptions {
  /** Reads in this process before the tenant is listed. @default 100 */
  readonly threshold?: number;
  /**
   * How long a listing answers reads: a mailbox removed after the listing still reads as
   * present until then, so keep it about as long as one refresh takes. @default 30000
   */
  readonly ttlMs?: number;
}

interface Listing {
  readonly at: number;
  readonly byId: Promise<ReadonlyMap<string, ExchangeObject> | undefined>;
}

/**
 * Answers refresh reads from one paged listing once they are many; falls back to the
 * per-id lookup for anything the listing does not hold (so "gone" is still decided by a
 * direct read) and whenever the listing fails.
 */
export class PrefetchingLookup implements MailboxLookup {
  private reads = 0;
  private listing: Listing | undefined;
  /** When this process last wrote each mailbox: listings older than that are not trusted. */
  private readonly written = new Map<string, number>();
  private readonly threshold: number;
  private readonly ttlMs: number;

  constructor(
    private readonly exchange: CmdletInvoker,
    private readonly direct: MailboxLookup,
    options: PrefetchOptions = {},
  ) {
    this.threshold = options.threshold ?? 100;
    this.ttlMs = options.ttlMs ?? 30_000;
  }

  async get(externalDirectoryObjectId: string): Promise<ExchangeObject | undefined> {
    const id = externalDirectoryObjectId.toLowerCase();
    this.reads += 1;
    const listing = this.current();
    const trusted = listing !== undefined && (this.written.get(id) ?? 0) < listing.at;
    const byId = trusted ? await listing.byId : undefined;
    return byId?.get(id) ?? this.direct.get(id);
  }

  /** Forgets what the listing says about a mailbox this process has just written. */
  invalidate(externalDirectoryObjectId: string): void {
    this.written.set(externalDirectoryObjectId.toLowerCase(), Date.now());
  }

  private current(): Listing | undefined {
    const fresh = this.listing !== undefined && Date.now() - this.listing.at < this.ttlMs;
    if (fresh || this.reads < this.threshold) return fresh ? this.listing : undefined;
    this.listing = { at: Date.now(), byId: this.list() };
    return this.listing;
  }

  private async list(): Promise<ReadonlyMap<string, ExchangeObject> | undefined> {
    try {
      const all = await listMailboxObjects(this.exchange);
      return new Map(
        all.map((o) => [String(o["ExternalDirectoryObjectId"] ?? "").toLowerCase(), o]),
      );
    } catch {
      // The per-id path reads again and reports any error with its own context.
      return undefined;
    }
  }
}
