import { CloudManagedError, isErrorOfKind } from "../errors";
import { assertEligible, describe } from "./eligibility";
import { parseIdentity, ParsedIdentity } from "./identity";
import { AddressLookup, CmdletInvoker, ExchangeObject, MailboxLookup } from "./ports";
import { MAILBOX_FIELDS, MailboxState, toMailboxState } from "./state";

/**
 * Resolves a declared identity to exactly one mailbox the switch applies to. Every refusal
 * says why and what to do: not found, ambiguous (naming the candidates), or not eligible
 * (group, contact, mail user, cloud-only, soft-deleted, inactive).
 */
export async function resolveMailbox(
  exchange: CmdletInvoker,
  identity: string,
  shared: SharedLookups = {},
): Promise<MailboxState> {
  const parsed = parseIdentity(identity);
  if (!parsed.ok) {
    throw new CloudManagedError("InvalidInput", parsed.reason, { operation: "resolve identity" });
  }
  const quick = await sharedMatch(shared, parsed);
  if (quick !== undefined) {
    assertEligible(quick, parsed.value);
    return quick;
  }
  const found = await getMailboxes(exchange, parsed.value);
  if (found.length === 0) throw await explainMissing(exchange, parsed.value);
  if (found.length > 1) throw ambiguous(parsed.value, found.map(toMailboxState).map(describe));
  const mailbox = toMailboxState(found[0] as ExchangeObject);
  assertEligible(mailbox, parsed.value);
  return mailbox;
}

/** Lookups shared across resources: the common forms resolve without a call of their own. */
export interface SharedLookups {
  readonly byId?: MailboxLookup;
  readonly byAddress?: AddressLookup;
}

/**
 * One unambiguous match through a shared lookup, or undefined: then Get-Mailbox -Identity
 * decides (it also knows proxy addresses, aliases and names) and explains any refusal.
 */
async function sharedMatch(
  shared: SharedLookups,
  parsed: Extract<ParsedIdentity, { ok: true }>,
): Promise<MailboxState | undefined> {
  if (parsed.form === "guid" && shared.byId !== undefined) {
    const found = await shared.byId.get(parsed.value);
    return found === undefined ? undefined : toMailboxState(found);
  }
  if (parsed.form === "address" && shared.byAddress !== undefined) {
    const found = await shared.byAddress.find(parsed.value);
    return found?.length === 1 ? toMailboxState(found[0] as ExchangeObject) : undefined;
  }
  return undefined;
}

async function getMailboxes(
  exchange: CmdletInvoker,
  identity: string,
  extra: Readonly<Record<string, unknown>> = {},
): Promise<readonly ExchangeObject[]> {
  try {
    return await exchange.invoke(
      "Get-Mailbox",
      { Identity: identity, ...extra },
      { select: MAILBOX_FIELDS },
    );
  } catch (error) {
    if (isErrorOfKind(error, "NotFound")) return [];
    if (isErrorOfKind(error, "Ambiguous")) throw ambiguous(identity, [error.message]);
    throw error;
  }
}

/** Looks for the identity among other recipients to say why it is not a usable mailbox. */
async function explainMissing(exchange: CmdletInvoker, identity: string): Promise<Error> {
  const recipient = await firstRecipient(exchange, identity);
  if (recipient !== undefined) {
    const type = String(recipient["RecipientTypeDetails"] ?? "recipient");
    const name = String(recipient["DisplayName"] ?? identity);
    return new CloudManagedError(
      "NotEligible",
      `"${identity}" resolves to ${name}, a ${type}, not a mailbox. Only user, shared, room and equipment mailboxes can be cloud-managed; groups and contacts move to the cloud through Microsoft Graph (onPremisesSyncBehavior), not this resource.`,
      { operation: "resolve identity" },
    );
  }
  for (const [extra, state] of [
    [{ SoftDeletedMailbox: true }, "soft-deleted"],
    [{ InactiveMailboxOnly: true }, "inactive"],
  ] as const) {
    const hidden = await getMailboxes(exchange, identity, extra);
    const first = hidden[0];
    if (first !== undefined) {
      const mailbox = toMailboxState({ ...first, [state === "inactive" ? "IsInactiveMailbox" : "IsSoftDeletedByRemove"]: true });
      try {
        assertEligible(mailbox, identity);
      } catch (error) {
        return error as Error;
      }
    }
  }
  return new CloudManagedError(
    "NotFound",
    `No mailbox matches "${identity}". Check the spelling; if the user was created or renamed in the last hour, wait for directory sync and replication, then run again.`,
    { operation: "resolve identity" },
  );
}

async function firstRecipient(
  exchange: CmdletInvoker,
  identity: string,
): Promise<ExchangeObject | undefined> {
  try {
    const found = await exchange.invoke(
      "Get-Recipient",
      { Identity: identity },
      { select: ["DisplayName", "RecipientTypeDetails", "PrimarySmtpAddress"] },
    );
    return found[0];
  } catch (error) {
    if (isErrorOfKind(error, "NotFound", "Ambiguous")) return undefined;
    throw error;
  }
}

function ambiguous(identity: string, candidates: readonly string[]): CloudManagedError {
  return new CloudManagedError(
    "Ambiguous",
    `"${identity}" matches more than one recipient:\n  - ${candidates.join("\n  - ")}\nDeclare the mailbox by its user principal name, primary SMTP address or ExternalDirectoryObjectId instead.`,
    { operation: "resolve identity" },
  );
}
