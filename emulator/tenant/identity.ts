/**
 * Identity matching as Exchange does it: one string, compared case-insensitively against
 * every property that can name a recipient.
 */
import type { MailboxRecord } from "./types";

/**
 * A test for whether `identity` names a record in any accepted form. The identity is
 * normalized once, so a lookup across a large tenant stays cheap.
 */
export function identityMatcher(identity: string): (record: MailboxRecord) => boolean {
  const wanted = normalize(identity);
  if (wanted === "") return () => false;
  return (record) =>
    [
      record.Guid,
      record.ExternalDirectoryObjectId,
      record.UserPrincipalName,
      record.PrimarySmtpAddress,
      record.Alias,
      record.DisplayName,
      record.Name,
      record.Identity,
      record.DistinguishedName,
    ].some((c) => sameIdentity(c, wanted)) ||
    record.EmailAddresses.some((a) => sameIdentity(withoutPrefix(a), wanted));
}

/** `candidate` names `wanted` (already normalized). */
function sameIdentity(candidate: string, wanted: string): boolean {
  return candidate !== "" && normalize(candidate) === wanted;
}

function normalize(value: string): string {
  let v = value.trim().toLowerCase();
  if (v.startsWith("{") && /^\{[0-9a-f-]{36}\}$/.test(v)) v = v.slice(1, -1);
  if (v.startsWith("smtp:")) v = v.slice(5);
  return v;
}

function withoutPrefix(address: string): string {
  const colon = address.indexOf(":");
  return colon > 0 && colon < 6 ? address.slice(colon + 1) : address;
}
