/**
 * Offline validation of the `identity` a user declares. Exchange resolves many forms (UPN,
 * SMTP address, alias, display name, GUID); this only rejects what can never resolve to
 * exactly one mailbox, before any call is made.
 */

/** The form an identity was recognised as. */
export type IdentityForm = "guid" | "address" | "name";

/** A validated identity, or the reason it cannot be used. */
export type ParsedIdentity =
  | { readonly ok: true; readonly value: string; readonly form: IdentityForm }
  | { readonly ok: false; readonly reason: string };

/** Longest identity accepted: display names stop at 256 characters, addresses at 254. */
export const MAX_IDENTITY_LENGTH = 256;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GUID_LIKE = /^[{(]?[0-9a-f-]{20,}[})]?$/i;
const CONTROL = /[\u0000-\u001f\u007f]/;
const HINT =
  "Use the mailbox's user principal name, primary SMTP address or ExternalDirectoryObjectId.";

/** Validates an identity and tells which form it has. */
export function parseIdentity(input: unknown): ParsedIdentity {
  if (typeof input !== "string") return fail(`identity must be a string. ${HINT}`);
  const value = input.trim();
  if (value === "") {
    return fail(`identity is empty; an empty identity would match every mailbox. ${HINT}`);
  }
  if (value.length > MAX_IDENTITY_LENGTH) {
    return fail(`identity is ${value.length} characters long; at most ${MAX_IDENTITY_LENGTH} fit. ${HINT}`);
  }
  if (CONTROL.test(value)) return fail(`identity contains a control character. ${HINT}`);
  if (value.includes("*")) {
    return fail(`identity "${value}" contains a wildcard; each resource declares exactly one mailbox. ${HINT}`);
  }
  const unbraced = /^\{(.*)\}$/.exec(value)?.[1] ?? value;
  if (GUID.test(unbraced)) return { ok: true, value: unbraced.toLowerCase(), form: "guid" };
  if (GUID_LIKE.test(value) && /\d/.test(value)) {
    return fail(`identity "${value}" looks like a GUID but is malformed; expected the form 00000000-0000-0000-0000-000000000000.`);
  }
  if (value.includes("@")) return parseAddress(value);
  return { ok: true, value, form: "name" };
}

function parseAddress(value: string): ParsedIdentity {
  const at = value.lastIndexOf("@");
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const wellFormed =
    local !== "" &&
    !local.includes("@") &&
    !/\s/.test(value) &&
    /^[^.][^@]*\.[^.@]+$/.test(domain) &&
    !domain.includes("..");
  if (!wellFormed) {
    return fail(`identity "${value}" is not a well-formed address (expected name@domain.tld). ${HINT}`);
  }
  return { ok: true, value, form: "address" };
}

function fail(reason: string): ParsedIdentity {
  return { ok: false, reason };
}
