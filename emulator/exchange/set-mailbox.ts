/**
 * Set-Mailbox for IsExchangeCloudManaged and the Exchange attributes the product manages,
 * with the hybrid write rules: on-prem-mastered attributes are refused until the mailbox is
 * cloud-managed.
 */
import { identityMatcher } from "../tenant/identity";
import {
  CUSTOM_ATTRIBUTE_NAMES,
  EXTENSION_ATTRIBUTE_NAMES,
  isMailboxType,
  type MailboxRecord,
} from "../tenant/types";
import {
  booleanParameter,
  checkParameterNames,
  parameter,
  stringParameter,
  type CmdletRequest,
  type CmdletResult,
} from "./cmdlet";
import { nextEmailAddresses } from "./email-addresses";
import { ambiguous, badParameter, CmdletError, notEligible, notFound, writeScope } from "./errors";
import { applyMultiValue, parseMultiValue } from "./multivalue";

/** Exchange attributes this emulator lets Set-Mailbox change. */
const ATTRIBUTES = [
  "Alias",
  "HiddenFromAddressListsEnabled",
  "EmailAddresses",
  ...CUSTOM_ATTRIBUTE_NAMES,
  ...EXTENSION_ATTRIBUTE_NAMES,
];

/** The outcome the dispatcher records in the write log. */
export interface SetMailboxOutcome {
  result: CmdletResult;
  externalId: string;
  changed: boolean;
}

/** Set-Mailbox. */
export function setMailbox(req: CmdletRequest): SetMailboxOutcome {
  const p = req.parameters;
  checkParameterNames(p, ["Identity", "IsExchangeCloudManaged", "Force", ...ATTRIBUTES]);
  const identity = stringParameter(p, "Identity");
  if (identity === undefined || identity.trim() === "") {
    throw badParameter("Cannot bind argument to parameter 'Identity' because it is null or empty.");
  }
  const store = req.state.store;
  const all = store.current();
  const record = resolveMailbox(all, identity);
  const flag = booleanParameter(p, "IsExchangeCloudManaged");
  if (flag !== undefined && !record.IsDirSynced) {
    throw notEligible(
      identity,
      "the mailbox is cloud-only (IsDirSynced is False), so Exchange Online already masters its attributes",
    );
  }
  const cloudManaged = flag ?? record.IsExchangeCloudManaged;
  const touched = ATTRIBUTES.filter((a) => parameter(p, a) !== undefined);
  if (record.IsDirSynced && !cloudManaged && touched.length > 0) {
    throw writeScope(identity, "Set-Mailbox", touched[0] as string);
  }

  const next: MailboxRecord = structuredClone(record);
  if (flag !== undefined) next.IsExchangeCloudManaged = flag;
  applyAttributes(next, p, all);

  const changed = JSON.stringify(next) !== JSON.stringify(record);
  const result: CmdletResult = { value: [], warnings: [], errors: [] };
  if (!changed) {
    result.warnings.push(
      `The command completed successfully but no settings of '${record.Identity}' have been modified.`,
    );
    return { result, externalId: record.ExternalDirectoryObjectId, changed };
  }
  store.write(
    record.ExternalDirectoryObjectId,
    (r) => Object.assign(r, next),
    req.state.faults.replicationLagMs,
  );
  return { result, externalId: record.ExternalDirectoryObjectId, changed };
}

/** The one active mailbox `identity` names; Set-Mailbox never sees other recipients. */
export function resolveMailbox(
  all: readonly Readonly<MailboxRecord>[],
  identity: string,
): Readonly<MailboxRecord> {
  const names = identityMatcher(identity);
  const matches = all.filter(
    (r) =>
      isMailboxType(r.RecipientTypeDetails) &&
      !r.IsSoftDeletedByRemove &&
      !r.IsInactiveMailbox &&
      names(r),
  );
  if (matches.length === 0) throw notFound(identity);
  if (matches.length > 1) {
    throw ambiguous(
      identity,
      matches.map((m) => `${m.PrimarySmtpAddress} (${m.ExternalDirectoryObjectId})`),
    );
  }
  return matches[0] as Readonly<MailboxRecord>;
}

function applyAttributes(
  next: MailboxRecord,
  p: Record<string, unknown>,
  all: readonly MailboxRecord[],
): void {
  const hidden = booleanParameter(p, "HiddenFromAddressListsEnabled");
  if (hidden !== undefined) next.HiddenFromAddressListsEnabled = hidden;
  const alias = stringParameter(p, "Alias");
  if (alias !== undefined) next.Alias = alias;
  const addresses = parameter(p, "EmailAddresses");
  if (addresses !== undefined) {
    const others = all.filter(
      (r) => r.ExternalDirectoryObjectId !== next.ExternalDirectoryObjectId,
    );
    next.EmailAddresses = nextEmailAddresses(
      next,
      parseMultiValue("EmailAddresses", addresses),
      others,
    );
  }
  for (const name of CUSTOM_ATTRIBUTE_NAMES) {
    const value = parameter(p, name);
    if (value === undefined) continue;
    const text = value === null ? "" : (stringParameter(p, name) ?? "");
    if (text.length > 1024) throw tooLong(name, 1024, text.length);
    next[name] = text;
  }
  for (const name of EXTENSION_ATTRIBUTE_NAMES) {
    const value = parameter(p, name);
    if (value === undefined) continue;
    const values = applyMultiValue(next[name], parseMultiValue(name, value));
    if (values.length > 1300) throw tooLong(name, 1300, values.length);
    next[name] = values;
  }
}

function tooLong(name: string, max: number, actual: number): CmdletError {
  return new CmdletError(
    400,
    "BadRequest",
    "Microsoft.Exchange.Data.DataValidationException",
    "Ex8C1D7E",
    `The length of the property '${name}' is too long. The maximum length is ${max} and the length of the value provided is ${actual}.`,
  );
}
