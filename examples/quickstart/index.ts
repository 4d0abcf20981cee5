/**
 * Quickstart: declare which directory-synced mailboxes have their Exchange attributes owned
 * in Exchange Online. The root Pulumi.yaml runs this program; `npm run demo` points it at the
 * built-in emulator tenant.
 */
import { CloudManagedMailbox } from "exchange-cloud-managed";

const alice = new CloudManagedMailbox("alice", { identity: "alice@contoso.example" });
const bob = new CloudManagedMailbox("bob", { identity: "bob@contoso.example" });
// Already cloud-managed in the tenant: adopted without a write.
const dana = new CloudManagedMailbox("dana", { identity: "dana@contoso.example" });
// Shared and resource mailboxes work the same way.
const sales = new CloudManagedMailbox("sales", { identity: "sales@contoso.example" });
const room = new CloudManagedMailbox("room-berlin", {
  identity: "room.berlin@contoso.example",
  // Destroying this stack hands the room back to on-premises AD.
  onDelete: "revert",
});

export const mailboxes = [alice, bob, dana, sales, room].map((m) => ({
  upn: m.userPrincipalName,
  type: m.recipientTypeDetails,
  cloudManaged: m.isExchangeCloudManaged,
}));
