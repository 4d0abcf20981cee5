import * as pulumi from "@pulumi/pulumi";
import { createRuntime } from "../provider/dynamic/runtime";
import { AttributeValue, MailboxFilter, MailboxState } from "../provider/mailbox";
import { cloudHeldValues } from "../provider/dynamic/outputs";

export type { MailboxFilter };

/** A directory-synced mailbox as listed from the tenant. */
export interface SyncedMailbox {
  readonly externalDirectoryObjectId: string;
  readonly userPrincipalName: string;
  readonly primarySmtpAddress: string;
  readonly displayName: string;
  readonly alias: string;
  readonly recipientTypeDetails: string;
  readonly isExchangeCloudManaged: boolean;
  /** The non-empty values of the attributes a CloudManagedMailbox can own. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/**
 * Lists the tenant's directory-synced mailboxes (user, shared, room, equipment), to build
 * stacks from the tenant. Call it from a Pulumi program: it signs in with the same
 * `exchange:*` stack config and environment variables as the resources.
 *
 * @example
 * const pilot = (await listSyncedMailboxes({ cloudManaged: false }))
 *   .filter((m) => m.userPrincipalName.endsWith("@sales.contoso.com"));
 * for (const m of pilot) new CloudManagedMailbox(m.alias, { identity: m.externalDirectoryObjectId });
 */
export async function listSyncedMailboxes(filter: MailboxFilter = {}): Promise<SyncedMailbox[]> {
  return listWith(exchangeConfig(pulumi.runtime.allConfig()), process.env, filter);
}

/** The same listing with explicit `exchange:*` config, for tools outside a Pulumi program. */
export async function listWith(
  config: Readonly<Record<string, string | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
  filter: MailboxFilter,
): Promise<SyncedMailbox[]> {
  const { service } = createRuntime(config, env);
  return (await service.list(filter)).map(summarize);
}

function exchangeConfig(all: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith("exchange:")));
}

function summarize(mailbox: MailboxState): SyncedMailbox {
  return {
    externalDirectoryObjectId: mailbox.externalDirectoryObjectId,
    userPrincipalName: mailbox.userPrincipalName,
    primarySmtpAddress: mailbox.primarySmtpAddress,
    displayName: mailbox.displayName,
    alias: mailbox.alias,
    recipientTypeDetails: mailbox.recipientTypeDetails,
    isExchangeCloudManaged: mailbox.isExchangeCloudManaged,
    attributes: cloudHeldValues(mailbox),
  };
}
