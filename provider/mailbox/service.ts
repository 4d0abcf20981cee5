import { Logger, silentLogger } from "../log";
import { attributeParameters, driftedAttributes } from "./attribute-diff";
import { ManagedAttributes } from "./attributes";
import { listMailboxes, MailboxFilter } from "./list";
import { CmdletInvoker, MailboxLookup } from "./ports";
import { resolveMailbox } from "./resolve";
import { MailboxState, toMailboxState } from "./state";
import { DEFAULT_VERIFY_POLICY, VerifyPolicy } from "./verify";
import { applyWrite } from "./write";

/** Everything the resource provider does to a tenant, in domain terms. */
export class MailboxService {
  private readonly policy: VerifyPolicy;

  constructor(
    private readonly exchange: CmdletInvoker,
    private readonly lookup: MailboxLookup,
    options: { readonly logger?: Logger; readonly verify?: Partial<VerifyPolicy> } = {},
  ) {
    this.logger = options.logger ?? silentLogger;
    this.policy = { ...DEFAULT_VERIFY_POLICY, ...options.verify };
  }

  private readonly logger: Logger;

  /** Resolves a declared identity to exactly one eligible mailbox, or throws why not. */
  resolve(identity: string): Promise<MailboxState> {
    return resolveMailbox(this.exchange, identity);
  }

  /** The directory-synced mailboxes the switch applies to, filtered on the server. */
  list(filter: MailboxFilter = {}): Promise<MailboxState[]> {
    return listMailboxes(this.exchange, filter);
  }

  /** The live mailbox by ExternalDirectoryObjectId; undefined only when Exchange has no such mailbox. */
  async read(externalDirectoryObjectId: string): Promise<MailboxState | undefined> {
    const raw = await this.lookup.get(externalDirectoryObjectId);
    return raw === undefined ? undefined : toMailboxState(raw);
  }

  /**
   * Makes IsExchangeCloudManaged equal `desired`, verified by a read. Writes nothing when it
   * already holds.
   */
  async setCloudManaged(mailbox: MailboxState, desired: boolean): Promise<MailboxState> {
    if (mailbox.isExchangeCloudManaged === desired) return mailbox;
    this.logger.info(`setting IsExchangeCloudManaged=${desired} on ${mailbox.externalDirectoryObjectId}`);
    return applyWrite(
      this.exchange,
      this.lookup,
      mailbox,
      {
        description: `IsExchangeCloudManaged=${desired}`,
        parameters: { IsExchangeCloudManaged: desired },
        holds: (m) => m.isExchangeCloudManaged === desired,
      },
      this.policy,
      this.logger,
    );
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
    return applyWrite(
      this.exchange,
      this.lookup,
      mailbox,
      {
        description: keys,
        parameters,
        holds: (m) => driftedAttributes(desired, m).length === 0,
      },
      this.policy,
      this.logger,
    );
  }
}
