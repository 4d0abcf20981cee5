/**
 * Exchange attributes a resource may own once the mailbox is cloud-managed. Only the keys a
 * user lists are managed; everything else on the mailbox is left alone and never drifts.
 */

type CustomNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15;
type ExtensionNumber = 1 | 2 | 3 | 4 | 5;

/** The attributes a CloudManagedMailbox can own. */
export type ManagedAttributes = {
  /** HiddenFromAddressListsEnabled. */
  readonly hiddenFromAddressListsEnabled?: boolean;
  /**
   * The SMTP proxy addresses, order-insensitive: exactly one marked `SMTP:` (the primary),
   * the others bare or `smtp:`. Non-SMTP proxies (X500, SIP) are left as they are.
   */
  readonly emailAddresses?: readonly string[];
} & { readonly [K in `customAttribute${CustomNumber}`]?: string } & {
  readonly [K in `extensionCustomAttribute${ExtensionNumber}`]?: readonly string[];
};

/** Every attribute key, in a stable order. */
export const ATTRIBUTE_KEYS: readonly (keyof ManagedAttributes)[] = [
  "hiddenFromAddressListsEnabled",
  "emailAddresses",
  ...Array.from({ length: 15 }, (_, i) => `customAttribute${i + 1}` as keyof ManagedAttributes),
  ...Array.from({ length: 5 }, (_, i) => `extensionCustomAttribute${i + 1}` as keyof ManagedAttributes),
];

const CUSTOM_MAX = 1024;
const EXTENSION_MAX_VALUES = 1300;
const EXTENSION_VALUE_MAX = 2048;
const SMTP = /^[^@\s:]+@[^@\s]+\.[^@\s.]+$/;

/** One reason an attribute value is refused, against its input path. */
export interface AttributeFailure {
  readonly property: string;
  readonly reason: string;
}

/** Validates a user's `attributes` input offline; returns one failure per bad key. */
export function validateAttributes(value: unknown): AttributeFailure[] {
  if (value === undefined) return [];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return [{ property: "attributes", reason: "attributes must be an object of attribute names to values." }];
  }
  const failures: AttributeFailure[] = [];
  for (const [key, v] of Object.entries(value)) {
    const reason = problemWith(key, v);
    if (reason !== undefined) failures.push({ property: `attributes.${key}`, reason });
  }
  return failures;
}

function problemWith(key: string, value: unknown): string | undefined {
  if (!(ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
    return `${key} is not an attribute this resource manages; use one of: ${ATTRIBUTE_KEYS.join(", ")}.`;
  }
  if (key === "hiddenFromAddressListsEnabled") {
    return typeof value === "boolean" ? undefined : `${key} must be true or false.`;
  }
  if (key === "emailAddresses") return emailAddressProblem(value);
  if (key.startsWith("customAttribute")) {
    if (typeof value !== "string") return `${key} must be a string ("" clears it).`;
    return value.length > CUSTOM_MAX ? `${key} holds at most ${CUSTOM_MAX} characters; got ${value.length}.` : undefined;
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v === "")) {
    return `${key} must be a list of non-empty strings.`;
  }
  if (value.length > EXTENSION_MAX_VALUES) return `${key} holds at most ${EXTENSION_MAX_VALUES} values.`;
  const long = (value as string[]).find((v) => v.length > EXTENSION_VALUE_MAX);
  return long === undefined ? undefined : `${key} values hold at most ${EXTENSION_VALUE_MAX} characters.`;
}

function emailAddressProblem(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    return "emailAddresses must be a list of addresses.";
  }
  const parsed = (value as string[]).map(parseSmtp);
  const bad = (value as string[]).filter((_, i) => parsed[i] === undefined);
  if (bad.length > 0) {
    return `emailAddresses holds entries that are not SMTP addresses: ${bad.map((b) => JSON.stringify(b)).join(", ")}. Write "SMTP:primary@domain" once and other addresses bare or as "smtp:alias@domain"; X500 and SIP proxies are not managed here.`;
  }
  const primaries = parsed.filter((p) => p?.primary === true).length;
  if (primaries !== 1) {
    return `emailAddresses must mark exactly one primary address with the "SMTP:" prefix; found ${primaries}.`;
  }
  const seen = new Set<string>();
  for (const p of parsed) {
    if (p === undefined) continue;
    if (seen.has(p.address)) return `emailAddresses lists ${p.address} twice.`;
    seen.add(p.address);
  }
  return undefined;
}

/** An SMTP proxy address: lower-cased address and whether it is the primary. */
export interface SmtpAddress {
  readonly address: string;
  readonly primary: boolean;
}

/** Parses "SMTP:a@b.c", "smtp:a@b.c" or "a@b.c"; undefined for anything else. */
export function parseSmtp(entry: string): SmtpAddress | undefined {
  const trimmed = entry.trim();
  const match = /^(smtp):(.*)$/i.exec(trimmed);
  const address = (match === null ? trimmed : (match[2] ?? "")).toLowerCase();
  if (!SMTP.test(address)) return undefined;
  return { address, primary: match !== null && match[1] === "SMTP" };
}
