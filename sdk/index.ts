export { CloudManagedMailbox } from "./cloud-managed-mailbox";
export type { CloudManagedMailboxArgs, ManagedAttributes } from "./cloud-managed-mailbox";
export { listSyncedMailboxes } from "./list";
export type { MailboxFilter, SyncedMailbox } from "./list";
export { toStackDefinition } from "./export";
export type { StackEntry } from "./export";
