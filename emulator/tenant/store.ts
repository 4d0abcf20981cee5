/**
 * The tenant's recipients (cloud side), their on-prem twins, and the stale copies that
 * replication lag serves after a write.
 */
import { identityMatcher } from "./identity";
import { normalizeRecipient, primaryOf } from "./seed";
import type { MailboxRecord, OnPremAttributes, SeedTenant } from "./types";

interface StaleCopy {
  record: MailboxRecord;
  until: number;
}

/** The mutable state of one emulated tenant. */
export class TenantStore {
  private records: MailboxRecord[] = [];
  private readonly onPrem = new Map<string, OnPremAttributes>();
  private readonly stale = new Map<string, StaleCopy>();

  constructor(seed: SeedTenant) {
    this.load(seed);
  }

  /** Replaces everything with the seed's content. */
  load(seed: SeedTenant): void {
    this.records = [];
    this.onPrem.clear();
    this.stale.clear();
    for (const entry of seed.recipients) {
      const { record, onPrem } = normalizeRecipient(entry, seed);
      this.records.push(record);
      if (onPrem !== undefined) this.onPrem.set(record.ExternalDirectoryObjectId, onPrem);
    }
  }

  /** Copies of every current record. */
  all(): MailboxRecord[] {
    return this.records.map(clone);
  }

  /** The current records themselves, not copies: callers must not change them. */
  current(): readonly Readonly<MailboxRecord>[] {
    return this.records;
  }

  /**
   * What readers see at `now`: a pre-write copy while replication lags, else the current.
   * The objects are the store's own, not copies: callers must not change them.
   */
  visible(now: number = Date.now()): readonly Readonly<MailboxRecord>[] {
    for (const [id, copy] of this.stale) if (copy.until <= now) this.stale.delete(id);
    if (this.stale.size === 0) return this.records;
    return this.records.map((r) => {
      const copy = this.stale.get(r.ExternalDirectoryObjectId);
      return copy !== undefined && copy.until > now ? copy.record : r;
    });
  }

  /** Copies of the current records `identity` names. */
  find(identity: string): MailboxRecord[] {
    return this.records.filter(identityMatcher(identity)).map(clone);
  }

  /** The on-prem values of a synced object. */
  onPremOf(externalId: string): OnPremAttributes | undefined {
    const values = this.onPrem.get(externalId);
    return values === undefined ? undefined : structuredClone(values);
  }

  /**
   * Changes a record. With `lagMs` > 0, readers keep seeing the pre-write copy that long.
   * @returns the record after the change
   */
  write(externalId: string, mutate: (record: MailboxRecord) => void, lagMs = 0): MailboxRecord {
    const record = this.require(externalId);
    if (lagMs > 0) {
      const now = Date.now();
      const existing = this.stale.get(externalId);
      const before =
        existing !== undefined && existing.until > now ? existing.record : clone(record);
      this.stale.set(externalId, { record: before, until: now + lagMs });
    }
    mutate(record);
    const primary = primaryOf(record.EmailAddresses);
    if (primary !== undefined) record.PrimarySmtpAddress = primary;
    touch(record);
    return clone(record);
  }

  /** Changes the on-prem values of a synced object. */
  patchOnPrem(externalId: string, patch: Partial<OnPremAttributes>): void {
    const current = this.onPrem.get(externalId);
    if (current === undefined) {
      throw new Error(
        `Recipient ${externalId} is not directory-synced, so it has no on-prem values; ` +
          `set IsDirSynced in the seed to give it some.`,
      );
    }
    this.onPrem.set(externalId, { ...current, ...structuredClone(patch) });
  }

  /** External ids of synced objects, in order. */
  syncedIds(): string[] {
    return this.records.filter((r) => r.IsDirSynced).map((r) => r.ExternalDirectoryObjectId);
  }

  private require(externalId: string): MailboxRecord {
    const record = this.records.find((r) => r.ExternalDirectoryObjectId === externalId);
    if (record === undefined)
      throw new Error(`No recipient has ExternalDirectoryObjectId ${externalId}.`);
    return record;
  }
}

function clone(record: MailboxRecord): MailboxRecord {
  return structuredClone(record);
}

function touch(record: MailboxRecord): void {
  const now = new Date();
  record.WhenChangedUTC = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  record.WhenChanged = record.WhenChangedUTC.replace(/Z$/, "");
}
