/**
 * Identity matching as Exchange does it: one string, compared case-insensitively against
 * every property that can name a recipient.
 */
import type { MailboxRecord } from "./types";

/** True when `identity` names `record` in any accepted form. */
export function matchesIdentity(record: MailboxRecord, identity: string): boolean {
  const wanted = normalize(identity);
  if (wanted === "") return false;
  const candidates = [
    record.Guid,
    record.ExternalDirectoryObjectId,
    record.UserPrincipalName,
    record.PrimarySmtpAddress,
    record.Alias,
    record.DisplayName,
    record.Name,
    record.Identity,
    record.DistinguishedName,
    ...record.EmailAddresses.map(withoutPrefix),
  ];
  return candidates.some((c) => c !== "" && normalize(c) === wanted);
}

function normalize(value: string): string {
  let v = value.trim().toLowerCase();
  if (/^\{[0-9a-f-]{36}\}$/.test(v)) v = v.slice(1, -1);
  if (/^smtp:/.test(v)) v = v.slice(5);
  return v;
}

function withoutPrefix(address: string): string {
  const colon = address.indexOf(":");
  return colon > 0 && colon < 6 ? address.slice(colon + 1) : address;
}
