/**
 * Work at scale. The engine hands a provider a few resources at a time (`--parallel`, and it
 * checks new ones only as earlier ones finish), so coalescing alone still costs a call per
 * handful of resources and, for a create, a round trip to resolve the identity before the
 * write. Once a process has been asked for many mailboxes, it lists the tenant's synced
 * mailboxes in pages of 1000 instead and answers later reads and resolves from that listing
 * for a short while.
 */
import { listMailboxObjects } from "./list";
import { AddressLookup, CmdletInvoker, ExchangeObject, MailboxLookup } from "./ports";

/** Settings of a {@link PrefetchingLookup}. */
export interface PrefetchOptions {
  /** Reads and resolves in this process before the tenant is listed. @default 100 */
  readonly threshold?: number;
  /**
   * How long a listing answers: a mailbox removed or changed after the listing still reads
   * as it was until then, so keep it about as long as one run's reads take. @default 30000
   */
  readonly ttlMs?: number;
}

interface Index {
  readonly byId: ReadonlyMap<string, ExchangeObject>;
  readonly byAddress: ReadonlyMap<string, readonly ExchangeObject[]>;
}

interface Listing {
  readonly at: number;
  readonly index: Promise<Index | undefined>;
}

/**
 * Answers reads by id and resolves by address from one paged listing once they are many.
 * Anything the listing does not hold, or holds twice, goes to the direct lookups (so "gone",
 * "ambiguous" and "not eligible" are still decided by Exchange itself), as does everything
 * when the listing fails.
 */
// Known shortcomings: in a tenant of many more synced mailboxes than a stack declares, the
// listing costs more pages than the direct lookups it replaces, and callers wait for all of
// them (a listing is started at most once per ttlMs). And it holds synced mailboxes only: an
// address that is one synced mailbox's UPN and a cloud-only mailbox's primary SMTP address
// resolves to the synced one here, where the direct lookup would refuse it as ambiguous.
export class PrefetchingLookup implements MailboxLookup, AddressLookup {
  private asked = 0;
  private listing: Listing | undefined;
  /** When this process last wrote each mailbox: listings older than that are not trusted. */
  private readonly written = new Map<string, number>();
  private readonly threshold: number;
  private readonly ttlMs: number;

  constructor(
    private readonly exchange: CmdletInvoker,
    private readonly direct: MailboxLookup,
    private readonly addresses: AddressLookup | undefined,
    options: PrefetchOptions = {},
  ) {
    this.threshold = options.threshold ?? 100;
    this.ttlMs = options.ttlMs ?? 30_000;
  }

  async get(externalDirectoryObjectId: string): Promise<ExchangeObject | undefined> {
    const id = externalDirectoryObjectId.toLowerCase();
    const listing = this.current();
    if (listing === undefined) return this.direct.get(id);
    const listed = (await listing.index)?.byId.get(id);
    return listed !== undefined && this.trusted(listed, listing) ? listed : this.direct.get(id);
  }

  /**
   * The mailboxes answering an address: from the listing when it holds exactly one, else
   * from the direct lookup; undefined when there is no listing and the direct lookup does
   * not take the address (the caller then asks Exchange by -Identity).
   */
  find(address: string): Promise<readonly ExchangeObject[]> | undefined {
    const listing = this.current();
    if (listing === undefined) return this.addresses?.find(address);
    return this.findListed(address, listing);
  }

  /** Forgets what the listing says about a mailbox this process has just written. */
  invalidate(externalDirectoryObjectId: string): void {
    this.written.set(externalDirectoryObjectId.toLowerCase(), Date.now());
  }

  private async findListed(address: string, listing: Listing): Promise<readonly ExchangeObject[]> {
    const listed = (await listing.index)?.byAddress.get(address.trim().toLowerCase());
    const only = listed?.length === 1 ? listed[0] : undefined;
    if (only !== undefined && this.trusted(only, listing)) return [only];
    // None, several, or written since: Exchange decides, and explains any refusal.
    return (await this.addresses?.find(address)) ?? [];
  }

  private trusted(object: ExchangeObject, listing: Listing): boolean {
    return (this.written.get(idOf(object)) ?? 0) < listing.at;
  }

  /** The listing that answers now, started when enough has been asked; undefined: none yet. */
  private current(): Listing | undefined {
    this.asked += 1;
    const fresh = this.listing !== undefined && Date.now() - this.listing.at < this.ttlMs;
    if (fresh) return this.listing;
    if (this.asked < this.threshold) return undefined;
    this.listing = { at: Date.now(), index: this.list() };
    return this.listing;
  }

  private async list(): Promise<Index | undefined> {
    try {
      const all = await listMailboxObjects(this.exchange);
      const byId = new Map<string, ExchangeObject>();
      const byAddress = new Map<string, ExchangeObject[]>();
      for (const object of all) {
        byId.set(idOf(object), object);
        for (const key of addressesOf(object))
          byAddress.set(key, [...(byAddress.get(key) ?? []), object]);
      }
      return { byId, byAddress };
    } catch {
      // The direct lookups ask again and report any error with their own context.
      return undefined;
    }
  }
}

function idOf(object: ExchangeObject): string {
  return String(object["ExternalDirectoryObjectId"] ?? "").toLowerCase();
}

/** The addresses the address batcher matches on: user principal name and primary SMTP. */
function addressesOf(object: ExchangeObject): readonly string[] {
  const keys = [object["UserPrincipalName"], object["PrimarySmtpAddress"]]
    .filter((v): v is string => typeof v === "string" && v !== "")
    .map((v) => v.toLowerCase());
  return [...new Set(keys)];
}
