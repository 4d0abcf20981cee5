/**
 * Compares owned attributes with a mailbox and plans the smallest Set-Mailbox that closes
 * the gap: only changed keys, Add/Remove for multi-valued ones.
 */
import { ATTRIBUTE_KEYS, ManagedAttributes, parseSmtp, SmtpAddress } from "./attributes";
import { MailboxState } from "./state";

/** One attribute's value: a flag, a text or a list. */
export type AttributeValue = boolean | string | readonly string[];

const GENERIC_HASHTABLE = "#Exchange.GenericHashTable";

/** The mailbox's current values of the given keys (all keys when none are given). */
export function liveAttributes(
  mailbox: MailboxState,
  keys: readonly string[] = ATTRIBUTE_KEYS,
): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  for (const key of keys) {
    const value = liveValue(mailbox, key);
    if (value !== undefined) result[key] = value;
  }
  return result;
}

function liveValue(mailbox: MailboxState, key: string): AttributeValue | undefined {
  if (key === "hiddenFromAddressListsEnabled") return mailbox.hiddenFromAddressListsEnabled;
  if (key === "emailAddresses") {
    return smtpOf(mailbox.emailAddresses).map((a) => `${a.primary ? "SMTP" : "smtp"}:${a.address}`);
  }
  const custom = /^customAttribute(\d+)$/.exec(key);
  if (custom !== null) return mailbox.customAttributes[custom[1] ?? ""] ?? "";
  const extension = /^extensionCustomAttribute(\d+)$/.exec(key);
  if (extension !== null) return mailbox.extensionCustomAttributes[extension[1] ?? ""] ?? [];
  return undefined;
}

/** The owned keys whose live value differs from the desired one. */
export function driftedAttributes(desired: ManagedAttributes, mailbox: MailboxState): string[] {
  return differingAttributes(desired, liveAttributes(mailbox, Object.keys(desired)));
}

/** The desired keys whose value differs from `live` (values as {@link liveAttributes} gives them). */
export function differingAttributes(
  desired: ManagedAttributes,
  live: Readonly<Record<string, unknown>>,
): string[] {
  return Object.entries(desired)
    .filter(([key, want]) => want !== undefined && !same(key, want as AttributeValue, live[key] as AttributeValue | undefined))
    .map(([key]) => key);
}

function same(key: string, want: AttributeValue, have: AttributeValue | undefined): boolean {
  if (have === undefined) return false;
  if (key === "emailAddresses") {
    return sameSet(smtpOf(want as readonly string[]).map(smtpKey), smtpOf(have as readonly string[]).map(smtpKey));
  }
  if (Array.isArray(want)) return sameSet(want as readonly string[], have as readonly string[]);
  return want === have;
}

/** Set-Mailbox parameters for the drifted keys, or undefined when nothing differs. */
export function attributeParameters(
  desired: ManagedAttributes,
  mailbox: MailboxState,
): Record<string, unknown> | undefined {
  const drifted = driftedAttributes(desired, mailbox);
  if (drifted.length === 0) return undefined;
  const parameters: Record<string, unknown> = {};
  for (const key of drifted) {
    const want = desired[key as keyof ManagedAttributes];
    const name = key.charAt(0).toUpperCase() + key.slice(1);
    if (key === "emailAddresses") {
      parameters["EmailAddresses"] = emailAddressEdit(want as readonly string[], mailbox.emailAddresses);
    } else if (key.startsWith("extensionCustomAttribute")) {
      parameters[name] = setEdit(want as readonly string[], liveValue(mailbox, key) as readonly string[]);
    } else if (key.startsWith("customAttribute")) {
      parameters[name] = want === "" ? null : want;
    } else {
      parameters[name] = want;
    }
  }
  return parameters;
}

function emailAddressEdit(want: readonly string[], have: readonly string[]): Record<string, unknown> {
  const wanted = smtpOf(want);
  const current = smtpOf(have);
  const currentKeys = new Set(current.map(smtpKey));
  const currentAddresses = new Set(current.map((a) => a.address));
  const wantedAddresses = new Set(wanted.map((a) => a.address));
  // Adding "SMTP:x" makes x primary and demotes the old primary, so a secondary that is
  // already present (in either form) is never added again.
  const add = wanted
    .filter((a) => (a.primary ? !currentKeys.has(smtpKey(a)) : !currentAddresses.has(a.address)))
    .map(smtpKey);
  const remove = current.filter((a) => !wantedAddresses.has(a.address)).map((a) => `smtp:${a.address}`);
  return { "@odata.type": GENERIC_HASHTABLE, ...(add.length ? { Add: add } : {}), ...(remove.length ? { Remove: remove } : {}) };
}

function setEdit(want: readonly string[], have: readonly string[]): Record<string, unknown> {
  const add = want.filter((v) => !have.includes(v));
  const remove = have.filter((v) => !want.includes(v));
  return { "@odata.type": GENERIC_HASHTABLE, ...(add.length ? { Add: add } : {}), ...(remove.length ? { Remove: remove } : {}) };
}

function smtpOf(entries: readonly string[]): SmtpAddress[] {
  return entries.map(parseSmtp).filter((a): a is SmtpAddress => a !== undefined);
}

function smtpKey(a: SmtpAddress): string {
  return `${a.primary ? "SMTP" : "smtp"}:${a.address}`;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((v) => right.has(v));
}
