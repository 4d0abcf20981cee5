/**
 * Turns seed entries (only the interesting fields written) into full recipient records, and
 * loads seed files.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CUSTOM_ATTRIBUTE_NAMES,
  EXTENSION_ATTRIBUTE_NAMES,
  isMailboxType,
  type MailboxRecord,
  type OnPremAttributes,
  type SeedRecipient,
  type SeedTenant,
} from "./types";

/** The seed used when none is given. */
export const DEFAULT_SEED_PATH = join(__dirname, "..", "seed", "contoso.json");

/** Reads a seed from a path, or returns the object given. */
export function loadSeed(seed: SeedTenant | string | undefined): SeedTenant {
  if (seed !== undefined && typeof seed !== "string") return seed;
  const path = seed ?? DEFAULT_SEED_PATH;
  const parsed = JSON.parse(readFileSync(path, "utf8")) as SeedTenant;
  if (typeof parsed.tenantId !== "string" || !Array.isArray(parsed.recipients)) {
    throw new Error(`Seed file ${path} needs "tenantId", "domain" and a "recipients" array.`);
  }
  return parsed;
}

/** The initial domain of a seed: given, or derived from the default domain. */
export function initialDomainOf(seed: SeedTenant): string {
  return seed.initialDomain ?? `${seed.domain.split(".")[0] ?? "tenant"}.onmicrosoft.example`;
}

/** A full record and its on-prem twin (undefined for cloud-only objects). */
export interface NormalizedRecipient {
  record: MailboxRecord;
  onPrem: OnPremAttributes | undefined;
}

const DEFAULT_WHEN_CHANGED = "2025-01-15T10:00:00Z";

/** Fills every field a seed entry leaves out. */
export function normalizeRecipient(entry: SeedRecipient, seed: SeedTenant): NormalizedRecipient {
  const initialDomain = initialDomainOf(seed);
  const { onPrem: onPremPatch, ...given } = entry;
  const details = given.RecipientTypeDetails ?? "UserMailbox";
  const alias = given.Alias;
  const addresses = given.EmailAddresses ?? [
    `SMTP:${alias}@${seed.domain}`,
    `smtp:${alias}@${initialDomain}`,
  ];
  const name = given.Name ?? alias;
  const whenChangedUtc = given.WhenChangedUTC ?? DEFAULT_WHEN_CHANGED;
  const record: MailboxRecord = {
    ...emptyAttributes(),
    ...given,
    Alias: alias,
    Name: name,
    Identity: given.Identity ?? name,
    DisplayName: given.DisplayName,
    RecipientTypeDetails: details,
    RecipientType: given.RecipientType ?? recipientTypeOf(details),
    UserPrincipalName:
      given.UserPrincipalName ?? (hasUpn(details) ? `${alias}@${seed.domain}` : ""),
    EmailAddresses: addresses,
    PrimarySmtpAddress: given.PrimarySmtpAddress ?? primaryOf(addresses) ?? "",
    DistinguishedName:
      given.DistinguishedName ??
      `CN=${name},OU=${initialDomain},OU=Microsoft Exchange Hosted Organizations,DC=EMUPR01A001,DC=PROD,DC=OUTLOOK,DC=COM`,
    IsDirSynced: given.IsDirSynced ?? false,
    IsExchangeCloudManaged: given.IsExchangeCloudManaged ?? false,
    IsSoftDeletedByRemove: given.IsSoftDeletedByRemove ?? false,
    IsInactiveMailbox: given.IsInactiveMailbox ?? false,
    HiddenFromAddressListsEnabled: given.HiddenFromAddressListsEnabled ?? false,
    WhenChangedUTC: whenChangedUtc,
    WhenChanged: given.WhenChanged ?? whenChangedUtc.replace(/Z$/, ""),
  };
  const onPrem = record.IsDirSynced ? { ...onPremOf(record), ...onPremPatch } : undefined;
  return { record, onPrem };
}

/** The on-prem view of a record: its Exchange attributes and display name. */
export function onPremOf(record: MailboxRecord): OnPremAttributes {
  const attrs: Record<string, unknown> = {
    DisplayName: record.DisplayName,
    Alias: record.Alias,
    EmailAddresses: [...record.EmailAddresses],
    HiddenFromAddressListsEnabled: record.HiddenFromAddressListsEnabled,
  };
  for (const key of CUSTOM_ATTRIBUTE_NAMES) attrs[key] = record[key];
  for (const key of EXTENSION_ATTRIBUTE_NAMES) attrs[key] = [...record[key]];
  return attrs as unknown as OnPremAttributes;
}

/** The address after `SMTP:` (upper-case prefix marks the primary). */
export function primaryOf(addresses: readonly string[]): string | undefined {
  return addresses.find((a) => a.startsWith("SMTP:"))?.slice(5);
}

function emptyAttributes(): Pick<
  MailboxRecord,
  (typeof CUSTOM_ATTRIBUTE_NAMES)[number] | (typeof EXTENSION_ATTRIBUTE_NAMES)[number]
> {
  const attrs: Record<string, unknown> = {};
  for (const key of CUSTOM_ATTRIBUTE_NAMES) attrs[key] = "";
  for (const key of EXTENSION_ATTRIBUTE_NAMES) attrs[key] = [];
  return attrs as ReturnType<typeof emptyAttributes>;
}

function hasUpn(details: string): boolean {
  return isMailboxType(details) || details === "MailUser";
}

function recipientTypeOf(details: string): string {
  if (isMailboxType(details)) return "UserMailbox";
  if (details === "GroupMailbox") return "MailUniversalDistributionGroup";
  return details;
}
