/**
 * EmailAddresses edits: prefix rules, exactly one primary, and uniqueness across the tenant.
 */
import type { MailboxRecord } from "../tenant/types";
import { CmdletError } from "./errors";
import { applyMultiValue, type MultiValueChange } from "./multivalue";

/** The proxy addresses after `change`, validated. */
export function nextEmailAddresses(
  record: MailboxRecord,
  change: MultiValueChange,
  others: readonly Readonly<MailboxRecord>[],
): string[] {
  const normalized = normalizeChange(change);
  const removesPrimary =
    normalized.kind === "edit" &&
    normalized.remove.some((r) => sameAddress(r, `SMTP:${record.PrimarySmtpAddress}`)) &&
    !normalized.add.some((a) => a.startsWith("SMTP:"));
  if (removesPrimary) {
    throw invalid(
      `The primary SMTP address "${record.PrimarySmtpAddress}" can't be removed. Make another address primary first.`,
    );
  }
  let next = applyMultiValue(record.EmailAddresses, normalized, sameAddress);
  const primaries = next.filter((a) => a.startsWith("SMTP:"));
  if (primaries.length > 1) {
    // A newly added SMTP: address wins; the old primary becomes a secondary.
    const winner =
      normalized.kind === "edit" ? normalized.add.find((a) => a.startsWith("SMTP:")) : undefined;
    if (winner === undefined)
      throw invalid(
        `Only one address can be the primary SMTP address; found ${primaries.join(", ")}.`,
      );
    next = next.map((a) => (a.startsWith("SMTP:") && a !== winner ? `smtp:${a.slice(5)}` : a));
  }
  if (!next.some((a) => a.startsWith("SMTP:"))) {
    const promoted = next.findIndex((a) => sameAddress(a, `smtp:${record.PrimarySmtpAddress}`));
    if (promoted < 0)
      throw invalid("EmailAddresses must contain a primary SMTP address (prefix 'SMTP:').");
    next[promoted] = `SMTP:${record.PrimarySmtpAddress}`;
  }
  for (const address of next) {
    const owner = others.find((o) => o.EmailAddresses.some((a) => sameAddress(a, address)));
    if (
      owner !== undefined &&
      owner.ExternalDirectoryObjectId !== record.ExternalDirectoryObjectId
    ) {
      throw new CmdletError(
        400,
        "BadRequest",
        "Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException",
        "Ex3F1E0B",
        `The proxy address "${address}" is already being used by the proxy addresses or LegacyExchangeDN of "${owner.Name}". Please choose another proxy address.`,
      );
    }
  }
  return next;
}

function normalizeChange(change: MultiValueChange): MultiValueChange {
  if (change.kind === "replace") return { kind: "replace", values: change.values.map(withPrefix) };
  const add = change.add.map(withPrefix);
  // Adding "SMTP:x" when "smtp:x" exists promotes it: drop the old form first.
  const promoted = add.filter((a) => a.startsWith("SMTP:"));
  return { kind: "edit", add, remove: [...change.remove.map(withPrefix), ...promoted] };
}

/** Bare addresses are SMTP secondaries; other prefixes are kept as given. */
function withPrefix(address: string): string {
  const trimmed = address.trim();
  const match = /^([a-z0-9]+):(.*)$/i.exec(trimmed);
  if (match === null) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(trimmed)) throw malformed(trimmed);
    return `smtp:${trimmed}`;
  }
  const [, prefix = "", rest = ""] = match;
  if (prefix.toLowerCase() === "smtp" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(rest))
    throw malformed(trimmed);
  return trimmed;
}

/** Same address: prefix type compared case-insensitively, primary flag ignored. */
function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function malformed(address: string): CmdletError {
  return invalid(
    `The email address "${address}" isn't correct. Please use this format: user name, the @ sign, followed by the domain name. For example, tonysmith@contoso.com or tony.smith@contoso.com.`,
  );
}

function invalid(message: string): CmdletError {
  return new CmdletError(
    400,
    "BadRequest",
    "Microsoft.Exchange.Data.DataValidationException",
    "Ex8C1D7E",
    message,
  );
}
