/**
 * Recipient records as the admin API prints them: the properties (trimmed by `$select`) and
 * the `@odata.type` annotation keys next to typed ones.
 */
import type { MailboxRecord } from "../tenant/types";

const ANNOTATIONS: Record<string, string> = {
  Guid: "#Guid",
  WhenChangedUTC: "#DateTimeOffset",
  WhenChanged: "#DateTimeOffset",
  EmailAddresses: "#Collection(String)",
  ExtensionCustomAttribute1: "#Collection(String)",
  ExtensionCustomAttribute2: "#Collection(String)",
  ExtensionCustomAttribute3: "#Collection(String)",
  ExtensionCustomAttribute4: "#Collection(String)",
  ExtensionCustomAttribute5: "#Collection(String)",
  RecipientTypeDetails: "#Exchange.RecipientTypeDetails",
  RecipientType: "#Exchange.RecipientType",
};

/** One record as a JSON object, limited to `select` when given (names case-insensitive). */
export function toWire(
  record: MailboxRecord,
  select: string[] | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const entries = Object.entries(record) as [string, unknown][];
  const wanted = select?.map((s) => s.toLowerCase());
  for (const [key, value] of entries) {
    if (wanted !== undefined && !wanted.includes(key.toLowerCase())) continue;
    const type = ANNOTATIONS[key];
    if (type !== undefined) out[`${key}@odata.type`] = type;
    out[key] = value;
  }
  return out;
}

/** Parses `$select=A,B` from a URL query; undefined when absent. */
export function selectOf(query: URLSearchParams): string[] | undefined {
  const raw = query.get("$select");
  if (raw === null || raw.trim() === "") return undefined;
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
