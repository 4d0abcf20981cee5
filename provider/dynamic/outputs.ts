import { AttributeValue, liveAttributes, ManagedAttributes } from "../mailbox";
import { MailboxState } from "../mailbox/state";
import { MailboxInputs, MailboxOutputs } from "./inputs";

/** The stored state of a resource: its inputs next to the mailbox as just read. */
export function outputsFor(inputs: MailboxInputs, mailbox: MailboxState): MailboxOutputs {
  const owned = Object.keys(inputs.attributes ?? {});
  return {
    identity: inputs.identity,
    cloudManaged: inputs.cloudManaged,
    onDelete: inputs.onDelete,
    externalDirectoryObjectId: mailbox.externalDirectoryObjectId,
    userPrincipalName: mailbox.userPrincipalName,
    primarySmtpAddress: mailbox.primarySmtpAddress,
    displayName: mailbox.displayName,
    recipientTypeDetails: mailbox.recipientTypeDetails,
    isDirSynced: mailbox.isDirSynced,
    isExchangeCloudManaged: mailbox.isExchangeCloudManaged,
    ...(mailbox.whenChangedUtc === undefined ? {} : { lastChanged: mailbox.whenChangedUtc }),
    ...(owned.length === 0 ? {} : { attributes: liveAttributes(mailbox, owned) }),
    ...(inputs.onDelete === "revert" ? { valuesLostOnRevert: cloudHeldValues(mailbox) } : {}),
  };
}

/**
 * The Exchange attribute values that the first sync after a revert overwrites with the
 * on-premises ones: every non-empty owned-able attribute, whether this resource owns it or not.
 */
export function cloudHeldValues(mailbox: MailboxState): Record<string, AttributeValue> {
  const all = liveAttributes(mailbox);
  return Object.fromEntries(
    Object.entries(all).filter(
      ([, v]) => v !== "" && v !== false && !(Array.isArray(v) && v.length === 0),
    ),
  );
}

/** The inputs as stored, read back from outputs written by this or an earlier version. */
export function inputsOf(props: Readonly<Record<string, unknown>>): MailboxInputs {
  const attributes = props["attributes"];
  return {
    identity: String(props["identity"] ?? props["externalDirectoryObjectId"] ?? ""),
    cloudManaged: props["cloudManaged"] !== false,
    onDelete: props["onDelete"] === "revert" ? "revert" : "retain",
    ...(typeof attributes === "object" && attributes !== null
      ? { attributes: attributes as ManagedAttributes }
      : {}),
  };
}
