import { ELIGIBLE_TYPES, MAILBOX_FIELDS, MailboxState, toMailboxState } from "./state";
import { CmdletInvoker, ExchangeObject } from "./ports";

/** Which directory-synced mailboxes to list. */
export interface MailboxFilter {
  /** Only mailboxes whose IsExchangeCloudManaged is this value. @default both */
  readonly cloudManaged?: boolean;
  /** Only these recipient types. @default user, shared, room and equipment mailboxes */
  readonly recipientTypes?: readonly (typeof ELIGIBLE_TYPES)[number][];
}

const PAGE_SIZE = 1000;

/**
 * Lists the directory-synced mailboxes the switch applies to, in pages of 1000, filtered on
 * the server. Soft-deleted and inactive mailboxes are not returned by Get-Mailbox.
 */
export async function listMailboxes(
  exchange: CmdletInvoker,
  filter: MailboxFilter = {},
): Promise<MailboxState[]> {
  return (await listMailboxObjects(exchange, filter)).map(toMailboxState);
}

/** {@link listMailboxes} as Exchange returns them, before typing. */
export async function listMailboxObjects(
  exchange: CmdletInvoker,
  filter: MailboxFilter = {},
): Promise<readonly ExchangeObject[]> {
  const types = filter.recipientTypes ?? ELIGIBLE_TYPES;
  for (const type of types) {
    if (!(ELIGIBLE_TYPES as readonly string[]).includes(type)) {
      throw new Error(`recipientTypes may hold ${ELIGIBLE_TYPES.join(", ")}; got "${type}".`);
    }
  }
  const clauses = [
    "IsDirSynced -eq 'True'",
    ...(filter.cloudManaged === undefined
      ? []
      : [`IsExchangeCloudManaged -eq '${filter.cloudManaged ? "True" : "False"}'`]),
    `(${types.map((t) => `RecipientTypeDetails -eq '${t}'`).join(" -or ")})`,
  ];
  return exchange.invoke(
    "Get-Mailbox",
    { Filter: clauses.join(" -and "), ResultSize: "Unlimited" },
    { select: MAILBOX_FIELDS, pageSize: PAGE_SIZE },
  );
}
