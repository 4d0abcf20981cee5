/**
 * The recipient objects the emulated tenant holds, named as Get-Mailbox and Get-Recipient
 * print them.
 */

/** Numbers of the fifteen single-valued custom attributes. */
export type CustomAttributeNumber =
  | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15; // prettier-ignore

/** Numbers of the five multi-valued extension custom attributes. */
export type ExtensionAttributeNumber = 1 | 2 | 3 | 4 | 5;

/** `CustomAttribute1` .. `CustomAttribute15`: one string each, empty when unset. */
export type CustomAttributes = { [K in `CustomAttribute${CustomAttributeNumber}`]: string };

/** `ExtensionCustomAttribute1` .. `5`: arrays of strings, empty when unset. */
export type ExtensionCustomAttributes = {
  [K in `ExtensionCustomAttribute${ExtensionAttributeNumber}`]: string[];
};

/** Mailbox kinds the switch applies to. */
export type MailboxTypeDetails =
  "UserMailbox" | "SharedMailbox" | "RoomMailbox" | "EquipmentMailbox";

/** Recipient kinds that are not mailboxes (Get-Recipient only). */
export type OtherRecipientTypeDetails =
  | "MailUniversalDistributionGroup"
  | "MailUniversalSecurityGroup"
  | "GroupMailbox"
  | "MailContact"
  | "MailUser";

/** The attributes on-prem AD masters until a mailbox becomes cloud-managed. */
export interface ExchangeAttributes extends CustomAttributes, ExtensionCustomAttributes {
  Alias: string;
  /** Proxy addresses, `SMTP:` for the primary, `smtp:` for the others. */
  EmailAddresses: string[];
  HiddenFromAddressListsEnabled: boolean;
}

/** The on-prem AD values of a synced object: what a sync cycle writes to the cloud. */
export interface OnPremAttributes extends ExchangeAttributes {
  /** Identity attributes stay mastered on-prem whatever the switch says. */
  DisplayName: string;
}

/** One recipient as Get-Mailbox (or Get-Recipient) returns it. */
export interface MailboxRecord extends ExchangeAttributes {
  Guid: string;
  ExternalDirectoryObjectId: string;
  UserPrincipalName: string;
  PrimarySmtpAddress: string;
  DisplayName: string;
  Name: string;
  Identity: string;
  DistinguishedName: string;
  RecipientTypeDetails: MailboxTypeDetails | OtherRecipientTypeDetails;
  RecipientType: string;
  IsDirSynced: boolean;
  IsExchangeCloudManaged: boolean;
  IsSoftDeletedByRemove: boolean;
  IsInactiveMailbox: boolean;
  /** ISO 8601 with `Z`. */
  WhenChangedUTC: string;
  /** The same instant without zone, as the service prints local server time. */
  WhenChanged: string;
}

/** A recipient in a seed file: everything but the names is optional and defaulted. */
export interface SeedRecipient extends Partial<
  Omit<MailboxRecord, "Guid" | "ExternalDirectoryObjectId">
> {
  Guid: string;
  ExternalDirectoryObjectId: string;
  Alias: string;
  DisplayName: string;
  /** On-prem values when they differ from the cloud ones (cloud-managed edits). */
  onPrem?: Partial<OnPremAttributes>;
}

/** A tenant as a seed file describes it. */
export interface SeedTenant {
  tenantId: string;
  /** The verified default domain, e.g. `contoso.example`. */
  domain: string;
  /** The `*.onmicrosoft.com`-style initial domain; defaults to `{name}.onmicrosoft.example`. */
  initialDomain?: string;
  recipients: SeedRecipient[];
}

/** What one sync cycle did. */
export interface SyncReport {
  /** Synced objects examined. */
  examined: number;
  /** ExternalDirectoryObjectIds whose Exchange attributes were overwritten from on-prem. */
  overwritten: string[];
  /** ExternalDirectoryObjectIds left alone because they are cloud-managed. */
  skippedCloudManaged: string[];
}

/** True for the four mailbox kinds. */
export function isMailboxType(details: string): details is MailboxTypeDetails {
  return ["UserMailbox", "SharedMailbox", "RoomMailbox", "EquipmentMailbox"].includes(details);
}

/** `CustomAttribute1`..`15` in order. */
export const CUSTOM_ATTRIBUTE_NAMES = Array.from(
  { length: 15 },
  (_, i) => `CustomAttribute${i + 1}` as keyof CustomAttributes,
);

/** `ExtensionCustomAttribute1`..`5` in order. */
export const EXTENSION_ATTRIBUTE_NAMES = Array.from(
  { length: 5 },
  (_, i) => `ExtensionCustomAttribute${i + 1}` as keyof ExtensionCustomAttributes,
);

/** The Exchange attributes a sync cycle overwrites on objects that are not cloud-managed. */
export const EXCHANGE_ATTRIBUTE_NAMES: (keyof ExchangeAttributes)[] = [
  "Alias",
  "EmailAddresses",
  "HiddenFromAddressListsEnabled",
  ...CUSTOM_ATTRIBUTE_NAMES,
  ...EXTENSION_ATTRIBUTE_NAMES,
];
