/**
 * Get-Mailbox and Get-Recipient: identity lookup or a filtered list, scoped like the real
 * cmdlets (soft-deleted and inactive mailboxes only on request), capped by ResultSize and
 * paged.
 */
import { identityMatcher } from "../tenant/identity";
import { isMailboxType, type MailboxRecord } from "../tenant/types";
import {
  booleanParameter,
  checkParameterNames,
  parameter,
  stringParameter,
  type CmdletRequest,
  type CmdletResult,
} from "./cmdlet";
import { ambiguous, badParameter, notFound } from "./errors";
import { compileFilter, FilterSyntaxError } from "./filter";
import { toWire } from "./serialize";

const DEFAULT_RESULT_SIZE = 1000;

const MAILBOX_PARAMETERS = [
  "Identity",
  "Filter",
  "ResultSize",
  "RecipientTypeDetails",
  "SoftDeletedMailbox",
  "InactiveMailboxOnly",
  "IncludeInactiveMailbox",
  "Anr",
];
const RECIPIENT_PARAMETERS = [
  "Identity",
  "Filter",
  "ResultSize",
  "RecipientTypeDetails",
  "IncludeSoftDeletedRecipients",
  "Anr",
];

/** Get-Mailbox. */
export function getMailbox(req: CmdletRequest): CmdletResult {
  const p = req.parameters;
  checkParameterNames(p, MAILBOX_PARAMETERS);
  const softDeleted = booleanParameter(p, "SoftDeletedMailbox") === true;
  const inactiveOnly = booleanParameter(p, "InactiveMailboxOnly") === true;
  const includeInactive = booleanParameter(p, "IncludeInactiveMailbox") === true;
  const inScope = (r: MailboxRecord): boolean => {
    if (!isMailboxType(r.RecipientTypeDetails)) return false;
    if (inactiveOnly) return r.IsInactiveMailbox;
    if (softDeleted) return r.IsSoftDeletedByRemove || r.IsInactiveMailbox;
    if (r.IsInactiveMailbox) return includeInactive;
    return !r.IsSoftDeletedByRemove;
  };
  return list(req, inScope);
}

/** Get-Recipient. */
export function getRecipient(req: CmdletRequest): CmdletResult {
  const p = req.parameters;
  checkParameterNames(p, RECIPIENT_PARAMETERS);
  const includeDeleted = booleanParameter(p, "IncludeSoftDeletedRecipients") === true;
  return list(req, (r) => includeDeleted || !(r.IsSoftDeletedByRemove || r.IsInactiveMailbox));
}

function list(req: CmdletRequest, inScope: (r: MailboxRecord) => boolean): CmdletResult {
  const p = req.parameters;
  const identity = stringParameter(p, "Identity");
  const filterText = stringParameter(p, "Filter");
  const anr = stringParameter(p, "Anr");
  if (identity !== undefined && (filterText !== undefined || anr !== undefined)) {
    throw badParameter("Parameter set cannot be resolved using the specified named parameters.");
  }
  const types = typesOf(parameter(p, "RecipientTypeDetails"));
  let objects = req.state.store
    .visible()
    .filter(inScope)
    .filter((r) => types === undefined || types.includes(r.RecipientTypeDetails.toLowerCase()));

  if (identity !== undefined) {
    if (identity.trim() === "")
      throw badParameter(
        "Cannot bind argument to parameter 'Identity' because it is an empty string.",
      );
    const matches = objects.filter(identityMatcher(identity));
    if (matches.length === 0) throw notFound(identity);
    if (matches.length > 1) {
      throw ambiguous(
        identity,
        matches.map((m) => `${m.PrimarySmtpAddress} (${m.ExternalDirectoryObjectId})`),
      );
    }
    return page(req, matches, matches.length, []);
  }
  if (filterText !== undefined) {
    const known = new Set(Object.keys(objects[0] ?? req.state.store.all()[0] ?? {}));
    try {
      const predicate = compileFilter(filterText, known);
      objects = objects.filter((r) => predicate(r as unknown as Record<string, unknown>));
    } catch (error) {
      if (error instanceof FilterSyntaxError) throw badParameter(error.message);
      throw error;
    }
  }
  if (anr !== undefined) {
    const prefix = anr.toLowerCase();
    objects = objects.filter((r) =>
      [r.DisplayName, r.Alias, r.PrimarySmtpAddress, r.Name].some((v) =>
        v.toLowerCase().startsWith(prefix),
      ),
    );
  }
  const { limit, explicit } = resultSizeOf(parameter(p, "ResultSize"));
  const warnings: string[] = [];
  if (objects.length > limit && !explicit) {
    warnings.push(
      `By default, only the first ${limit} items are returned. Use the ResultSize parameter to specify the number of items returned. To return all items, specify "-ResultSize Unlimited". Be aware that, depending on the actual number of items, returning all items can take a long time and consume a large amount of memory. Also, we don't recommend storing the results in a variable. Instead, pipe the results to another task or script to perform batch changes.`,
    );
  }
  return page(req, objects, Math.min(limit, objects.length), warnings);
}

function page(
  req: CmdletRequest,
  objects: MailboxRecord[],
  total: number,
  warnings: string[],
): CmdletResult {
  const start = Math.min(req.skip, total);
  const end = Math.min(start + req.pageSize, total);
  const result: CmdletResult = {
    value: objects.slice(start, end).map((r) => toWire(r, req.select)),
    warnings: start === 0 ? warnings : [],
    errors: [],
  };
  if (end < total) result.nextSkip = end;
  return result;
}

function resultSizeOf(value: unknown): { limit: number; explicit: boolean } {
  if (value === undefined || value === null) return { limit: DEFAULT_RESULT_SIZE, explicit: false };
  if (typeof value === "string" && value.toLowerCase() === "unlimited") {
    return { limit: Number.POSITIVE_INFINITY, explicit: true };
  }
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1) {
    throw badParameter(
      `Cannot bind parameter 'ResultSize'. Cannot convert value "${String(value)}" to type "Microsoft.Exchange.Data.Unlimited\`1[System.UInt32]". Error: "The value must be a positive integer or 'Unlimited'."`,
    );
  }
  return { limit: n, explicit: true };
}

function typesOf(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : String(value).split(",");
  return list.map((v) => String(v).trim().toLowerCase());
}
