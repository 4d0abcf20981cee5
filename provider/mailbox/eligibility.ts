import { CloudManagedError } from "../errors";
import { ELIGIBLE_TYPES, MailboxState } from "./state";

/**
 * Throws a NotEligible error, saying why and what to do, when the switch does not apply to
 * this mailbox. The switch exists only for directory-synced user, shared, room and equipment
 * mailboxes that are neither soft-deleted nor inactive.
 */
export function assertEligible(mailbox: MailboxState, identity: string): void {
  const reason = ineligibility(mailbox);
  if (reason === undefined) return;
  throw new CloudManagedError(
    "NotEligible",
    `"${identity}" resolves to ${describe(mailbox)}, which ${reason}`,
    { operation: "check eligibility" },
  );
}

function ineligibility(mailbox: MailboxState): string | undefined {
  if (mailbox.isInactive) {
    return "is an inactive mailbox kept for retention; its attributes cannot be moved. Remove it from the program.";
  }
  if (mailbox.isSoftDeleted) {
    return "is soft-deleted. Restore it (Undo-SoftDeletedMailbox) before declaring it, or remove it from the program.";
  }
  if (!(ELIGIBLE_TYPES as readonly string[]).includes(mailbox.recipientTypeDetails)) {
    return `is a ${mailbox.recipientTypeDetails || "recipient of unknown type"}; only ${ELIGIBLE_TYPES.join(", ")} can be cloud-managed.`;
  }
  if (!mailbox.isDirSynced) {
    return "is cloud-only (not synchronized from on-premises AD): Exchange Online already owns its attributes and there is nothing to switch. Remove it from the program.";
  }
  return undefined;
}

/** "Alice Example <alice@contoso.example> (UserMailbox, 0f1e...)" for messages. */
export function describe(mailbox: MailboxState): string {
  const name = mailbox.displayName || mailbox.userPrincipalName;
  const address = mailbox.primarySmtpAddress || mailbox.userPrincipalName;
  return `${name} <${address}> (${mailbox.recipientTypeDetails}, ${mailbox.externalDirectoryObjectId})`;
}
