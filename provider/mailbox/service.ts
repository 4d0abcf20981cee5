import { Logger, silentLogger } from "../log";
import { attributeParameters, driftedAttributes } from "./attribute-diff";
import { ManagedAttributes } from "./attributes";
import { listMailboxes, MailboxFilter } from "./list";
import { PrefetchingLookup, PrefetchOptions } from "./prefetch";
import { AddressLookup, CmdletInvoker, MailboxLookup } from "./ports";
import { resolveMailbox } from "./resolve";
import { MailboxState, toMailboxState } from "./state";
import { DEFAULT_VERIFY_POLICY, VerifyPolicy } from "./verify";
import { applyWrite, MailboxWrite } from "./write";

/** Everything the resource provider does to a tenant, in domain terms. */
export class MailboxService {
  private readonly policy: VerifyPolicy;

  constructor(
    private readonly exchange: CmdletInvoker,
    private readonly lookup: MailboxLookup,
    options: {
      readonly logger?: Logger;
      readonly verify?: Partial<VerifyPolicy>;
      /** Resolves addresses in shared calls; without it each resolve is its own call. */
      readonly addresses?: AddressLookup;
      /** When reads and resolves switch to one listing of the tenant; false: never. */
      readonly prefetch?: PrefetchOptions | false;
    } = {},
  ) {
    this.reads =
      options.prefetch === false
        ? undefined
        : new PrefetchingLookup(exchange, lookup, options.addresses, options.prefetch);
    this.addresses = options.addresses;
    this.logger = options.logger ?? silentLogger;
    this.policy = { ...DEFAULT_VERIFY_POLICY, ...options.verify };
  }

  private readonly logger: Logger;
  private readonly addresses: AddressLookup | undefined;
  private readonly reads: PrefetchingLookup | undefined;
  private readonly resolved = new Map<string, Resolution>();
  /** When this service last wrote each mailbox, by ExternalDirectoryObjectId. */
  private readonly writtenAt = new Map<string, number>();

  /**
   * Resolves a declared identity to exactly one eligible mailbox, or throws why not. A
   * resolution started up to `maxAgeMs` ago (still under way, or done) is shared: `check`
   * starts one for each new identity, and the `create` that follows picks it up.
   */
  resolve(identity: string, maxAgeMs = 0): Promise<MailboxState> {
    const hit = this.resolved.get(identity);
    if (hit !== undefined && Date.now() - hit.at <= maxAgeMs)
      return this.unlessWritten(hit, identity);
    return this.startResolve(identity);
  }

  /** A shared resolution, or a fresh one when the mailbox was written after it started. */
  private async unlessWritten(hit: Resolution, identity: string): Promise<MailboxState> {
    const mailbox = await hit.mailbox;
    const written = this.writtenAt.get(mailbox.externalDirectoryObjectId);
    return written === undefined || written < hit.at ? mailbox : this.startResolve(identity);
  }

  private startResolve(identity: string): Promise<MailboxState> {
    const byAddress = this.addresses === undefined ? undefined : (this.reads ?? this.addresses);
    const mailbox = resolveMailbox(this.exchange, identity, {
      byId: this.reads ?? this.lookup,
      ...(byAddress === undefined ? {} : { byAddress }),
    });
    const entry = { mailbox, at: Date.now() };
    this.resolved.set(identity, entry);
    // A failed resolution is not kept: the next caller asks again and reports its own error.
    mailbox.catch(() => {
      if (this.resolved.get(identity) === entry) this.resolved.delete(identity);
    });
    return mailbox;
  }

  /** The directory-synced mailboxes the switch applies to, filtered on the server. */
  list(filter: MailboxFilter = {}): Promise<MailboxState[]> {
    return listMailboxes(this.exchange, filter);
  }

  /** The live mailbox by ExternalDirectoryObjectId; undefined only when Exchange has no such mailbox. */
  async read(externalDirectoryObjectId: string): Promise<MailboxState | undefined> {
    const raw = await (this.reads ?? this.lookup).get(externalDirectoryObjectId);
    return raw === undefined ? undefined : toMailboxState(raw);
  }

  /**
   * Makes IsExchangeCloudManaged equal `desired`, verified by a read. Writes nothing when it
   * already holds.
   */
  async setCloudManaged(mailbox: MailboxState, desired: boolean): Promise<MailboxState> {
    if (mailbox.isExchangeCloudManaged === desired) return mailbox;
    this.logger.info(
      `setting IsExchangeCloudManaged=${desired} on ${mailbox.externalDirectoryObjectId}`,
    );
    return this.write(mailbox, {
      description: `IsExchangeCloudManaged=${desired}`,
      parameters: { IsExchangeCloudManaged: desired },
      holds: (m) => m.isExchangeCloudManaged === desired,
    });
  }

  /**
   * Makes the owned attributes equal `desired`, writing only the keys that differ, verified
   * by a read. The mailbox must already be cloud-managed, or Exchange refuses the write.
   */
  async setAttributes(mailbox: MailboxState, desired: ManagedAttributes): Promise<MailboxState> {
    const parameters = attributeParameters(desired, mailbox);
    if (parameters === undefined) return mailbox;
    const keys = Object.keys(parameters).join(", ");
    this.logger.info(`setting ${keys} on ${mailbox.externalDirectoryObjectId}`);
    return this.write(mailbox, {
      description: keys,
      parameters,
      holds: (m) => driftedAttributes(desired, m).length === 0,
    });
  }

  /** Applies one write, verified; a listing taken before or during it no longer answers for it. */
  private async write(mailbox: MailboxState, write: MailboxWrite): Promise<MailboxState> {
    try {
      return await applyWrite(this.exchange, this.lookup, mailbox, write, this.policy, this.logger);
    } finally {
      // Resolutions and listings taken before now describe the mailbox as it was.
      this.writtenAt.set(mailbox.externalDirectoryObjectId, Date.now());
      this.reads?.invalidate(mailbox.externalDirectoryObjectId);
    }
  }
}

interface Resolution {
  readonly mailbox: Promise<MailboxState>;
  /** When it started. */
  readonly at: number;
}
