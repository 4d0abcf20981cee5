import * as pulumi from "@pulumi/pulumi";
import type { AttributeValue, ManagedAttributes } from "../provider/mailbox";
import * as provider from "../provider/dynamic";

export type { ManagedAttributes };

/** Arguments of a {@link CloudManagedMailbox}. */
export interface CloudManagedMailboxArgs {
  /**
   * The mailbox: user principal name, primary SMTP address or ExternalDirectoryObjectId
   * (preferred: stable across renames). Aliases and display names work when unique.
   */
  identity: pulumi.Input<string>;
  /**
   * The desired IsExchangeCloudManaged. `true` moves ownership of the mailbox's Exchange
   * attributes to Exchange Online; `false` hands them back to on-premises AD, whose values
   * overwrite cloud edits at the next sync.
   * @default true
   */
  cloudManaged?: pulumi.Input<boolean>;
  /**
   * What `pulumi destroy` (or removing the resource) does. `retain` forgets the resource and
   * leaves the mailbox as it is; `revert` sets IsExchangeCloudManaged back to false, which
   * lets the next sync overwrite cloud-edited attributes.
   * @default "retain"
   */
  onDelete?: pulumi.Input<"retain" | "revert">;
  /**
   * Exchange attributes this resource owns once the mailbox is cloud-managed. Only the keys
   * listed are managed; all others are left alone and never reported as drift. Refused while
   * `cloudManaged` is false.
   *
   * @example
   * attributes: {
   *   emailAddresses: ["SMTP:alice@contoso.com", "alice.j@contoso.com"],
   *   hiddenFromAddressListsEnabled: false,
   *   customAttribute7: "EMP-1001",
   *   extensionCustomAttribute1: ["project-x", "project-y"],
   * }
   */
  attributes?: pulumi.Input<ManagedAttributes>;
}

/**
 * Declares that a directory-synced mailbox's Exchange attributes are owned in Exchange
 * Online (IsExchangeCloudManaged), diffed against the live tenant.
 *
 * @example
 * new CloudManagedMailbox("alice", { identity: "alice@contoso.example" });
 */
export class CloudManagedMailbox extends pulumi.dynamic.Resource {
  /** The Entra object id of the mailbox; also the resource id. */
  declare readonly externalDirectoryObjectId: pulumi.Output<string>;
  declare readonly userPrincipalName: pulumi.Output<string>;
  declare readonly primarySmtpAddress: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  /** UserMailbox, SharedMailbox, RoomMailbox or EquipmentMailbox. */
  declare readonly recipientTypeDetails: pulumi.Output<string>;
  declare readonly isDirSynced: pulumi.Output<boolean>;
  /** IsExchangeCloudManaged as last read from Exchange Online. */
  declare readonly isExchangeCloudManaged: pulumi.Output<boolean>;
  /** When Exchange last recorded a change to the mailbox (WhenChangedUTC). */
  declare readonly lastChanged: pulumi.Output<string | undefined>;
  /** Live values of the owned attributes, as last read. */
  declare readonly attributes: pulumi.Output<Record<string, AttributeValue> | undefined>;
  /** With `onDelete: "revert"`: the cloud-held values the first sync after a revert overwrites. */
  declare readonly valuesLostOnRevert: pulumi.Output<Record<string, AttributeValue> | undefined>;
  declare readonly identity: pulumi.Output<string>;
  declare readonly cloudManaged: pulumi.Output<boolean>;
  declare readonly onDelete: pulumi.Output<"retain" | "revert">;

  constructor(name: string, args: CloudManagedMailboxArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      {
        identity: args.identity,
        cloudManaged: args.cloudManaged,
        onDelete: args.onDelete,
        attributes: args.attributes,
        externalDirectoryObjectId: undefined,
        userPrincipalName: undefined,
        primarySmtpAddress: undefined,
        displayName: undefined,
        recipientTypeDetails: undefined,
        isDirSynced: undefined,
        isExchangeCloudManaged: undefined,
        lastChanged: undefined,
        valuesLostOnRevert: undefined,
      },
      opts,
      "exchange",
      "CloudManagedMailbox",
    );
  }
}
