/**
 * A mailbox as this package sees it: the Get-Mailbox fields it reads, typed and named once.
 */

/** Recipient types whose Exchange attributes can be moved to the cloud. */
export const ELIGIBLE_TYPES = [
  "UserMailbox",
  "SharedMailbox",
  "RoomMailbox",
  "EquipmentMailbox",
] as const;

/** The live state of one mailbox, as read from Exchange Online. */
export interface MailboxState {
  /** The Entra object id: stable across renames, used as resource id and write identity. */
  readonly externalDirectoryObjectId: string;
  readonly guid: string;
  readonly userPrincipalName: string;
  readonly primarySmtpAddress: string;
  readonly displayName: string;
  readonly alias: string;
  readonly recipientTypeDetails: string;
  readonly isDirSynced: boolean;
  readonly isExchangeCloudManaged: boolean;
  readonly isSoftDeleted: boolean;
  readonly isInactive: boolean;
  /** ISO time of the last change Exchange recorded, when it reports one. */
  readonly whenChangedUtc: string | undefined;
  readonly emailAddresses: readonly string[];
  readonly hiddenFromAddressListsEnabled: boolean;
  /** CustomAttribute1-15 by number ("1".."15"); empty strings for unset values. */
  readonly customAttributes: Readonly<Record<string, string>>;
  /** ExtensionCustomAttribute1-5 by number ("1".."5"). */
  readonly extensionCustomAttributes: Readonly<Record<string, readonly string[]>>;
}

const CUSTOM = Array.from({ length: 15 }, (_, i) => `CustomAttribute${i + 1}`);
const EXTENSION = Array.from({ length: 5 }, (_, i) => `ExtensionCustomAttribute${i + 1}`);

/** The `$select` list for every mailbox read: only what {@link MailboxState} needs. */
export const MAILBOX_FIELDS: readonly string[] = [
  "ExternalDirectoryObjectId",
  "Guid",
  "UserPrincipalName",
  "PrimarySmtpAddress",
  "DisplayName",
  "Alias",
  "RecipientTypeDetails",
  "IsDirSynced",
  "IsExchangeCloudManaged",
  "IsSoftDeletedByRemove",
  "IsInactiveMailbox",
  "WhenChangedUTC",
  "EmailAddresses",
  "HiddenFromAddressListsEnabled",
  ...CUSTOM,
  ...EXTENSION,
];

/** Turns one Get-Mailbox object into a {@link MailboxState}. */
export function toMailboxState(raw: Readonly<Record<string, unknown>>): MailboxState {
  const customAttributes: Record<string, string> = {};
  CUSTOM.forEach((key, i) => (customAttributes[String(i + 1)] = text(raw[key])));
  const extensionCustomAttributes: Record<string, readonly string[]> = {};
  EXTENSION.forEach((key, i) => (extensionCustomAttributes[String(i + 1)] = list(raw[key])));
  return {
    externalDirectoryObjectId: text(raw["ExternalDirectoryObjectId"]).toLowerCase(),
    guid: text(raw["Guid"]),
    userPrincipalName: text(raw["UserPrincipalName"]),
    primarySmtpAddress: text(raw["PrimarySmtpAddress"]),
    displayName: text(raw["DisplayName"]),
    alias: text(raw["Alias"]),
    recipientTypeDetails: text(raw["RecipientTypeDetails"]),
    isDirSynced: flag(raw["IsDirSynced"]),
    isExchangeCloudManaged: flag(raw["IsExchangeCloudManaged"]),
    isSoftDeleted: flag(raw["IsSoftDeletedByRemove"]),
    isInactive: flag(raw["IsInactiveMailbox"]),
    whenChangedUtc: optionalText(raw["WhenChangedUTC"]),
    emailAddresses: list(raw["EmailAddresses"]),
    hiddenFromAddressListsEnabled: flag(raw["HiddenFromAddressListsEnabled"]),
    customAttributes,
    extensionCustomAttributes,
  };
}

function text(value: unknown): string {
  return typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
}

function optionalText(value: unknown): string | undefined {
  const result = text(value);
  return result === "" ? undefined : result;
}

/** Booleans arrive as JSON booleans, but older payloads carry "True"/"False" strings. */
function flag(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.toLowerCase() === "true");
}

function list(value: unknown): readonly string[] {
  if (Array.isArray(value)) return value.map(text).filter((v) => v !== "");
  const single = text(value);
  return single === "" ? [] : [single];
}
