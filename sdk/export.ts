import { AttributeValue } from "../provider/mailbox";
import { SyncedMailbox } from "./list";

/** One entry of a bulk stack definition (the format `examples/bulk` reads). */
export interface StackEntry {
  readonly name: string;
  readonly identity: string;
  readonly cloudManaged: boolean;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

/**
 * Turns listed mailboxes into a bulk stack definition that adopts them as they are: the
 * identity is the stable ExternalDirectoryObjectId, names are unique and readable, and the
 * owned attributes are the current values, so a `pulumi up` of it writes nothing.
 */
export function toStackDefinition(mailboxes: readonly SyncedMailbox[]): StackEntry[] {
  const used = new Set<string>();
  return [...mailboxes]
    .sort((a, b) => a.userPrincipalName.localeCompare(b.userPrincipalName))
    .map((mailbox) => {
      const name = uniqueName(mailbox, used);
      const attributes = mailbox.isExchangeCloudManaged ? ownable(mailbox) : {};
      return {
        name,
        identity: mailbox.externalDirectoryObjectId,
        cloudManaged: mailbox.isExchangeCloudManaged,
        ...(Object.keys(attributes).length === 0 ? {} : { attributes }),
      };
    });
}

/** Attributes as the resource takes them: every listed value, plus the address-list flag. */
function ownable(mailbox: SyncedMailbox): Record<string, AttributeValue> {
  return { hiddenFromAddressListsEnabled: false, ...mailbox.attributes };
}

function uniqueName(mailbox: SyncedMailbox, used: Set<string>): string {
  const base = (mailbox.alias || mailbox.userPrincipalName.split("@")[0] || mailbox.externalDirectoryObjectId)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-");
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
  used.add(name);
  return name;
}
