import { MailboxState } from "../mailbox/state";
import { MailboxInputs, MailboxOutputs } from "./inputs";

/** The stored state of a resource: its inputs next to the mailbox as just read. */
export function outputsFor(inputs: MailboxInputs, mailbox: MailboxState): MailboxOutputs {
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
  };
}

/** The inputs as stored, read back from outputs written by this or an earlier version. */
export function inputsOf(props: Readonly<Record<string, unknown>>): MailboxInputs {
  return {
    identity: String(props["identity"] ?? props["externalDirectoryObjectId"] ?? ""),
    cloudManaged: props["cloudManaged"] !== false,
    onDelete: props["onDelete"] === "revert" ? "revert" : "retain",
  };
}
