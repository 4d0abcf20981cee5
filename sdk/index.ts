export { CloudManagedMailbox } from "./cloud-managed-mailbox";
export type { CloudManagedMailboxArgs } from "./cloud-managed-mailbox";
