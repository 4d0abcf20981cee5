import { AttributeValue, ManagedAttributes, validateAttributes } from "../mailbox";
import { parseIdentity } from "../mailbox/identity";

/** What destroy does to the tenant. */
export type OnDelete = "retain" | "revert";

/** Inputs of a CloudManagedMailbox after `check` filled in the defaults. */
export interface MailboxInputs {
  readonly identity: string;
  readonly cloudManaged: boolean;
  readonly onDelete: OnDelete;
  /** Owned attributes; only the keys listed are managed. */
  readonly attributes?: ManagedAttributes;
}

/** What the state stores for a CloudManagedMailbox: its inputs plus the mailbox as last read. */
export interface MailboxOutputs extends Omit<MailboxInputs, "attributes"> {
  readonly externalDirectoryObjectId: string;
  readonly userPrincipalName: string;
  readonly primarySmtpAddress: string;
  readonly displayName: string;
  readonly recipientTypeDetails: string;
  readonly isDirSynced: boolean;
  /** IsExchangeCloudManaged as read back from Exchange Online. */
  readonly isExchangeCloudManaged: boolean;
  /** WhenChangedUTC of the mailbox when it was last read. */
  readonly lastChanged?: string;
  /** Live values of the owned attributes (only the keys the program lists). */
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
  /** With onDelete "revert": the cloud-held values the first sync after a revert overwrites. */
  readonly valuesLostOnRevert?: Readonly<Record<string, AttributeValue>>;
}

/** One offline validation failure, reported by the engine against the property. */
export interface InputFailure {
  readonly property: string;
  readonly reason: string;
}

const ON_DELETE: readonly OnDelete[] = ["retain", "revert"];

/**
 * The engine's marker for a value not known until apply (an output of another resource).
 * Such values are checked later, when they are known.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Validates raw inputs offline and fills in defaults; never calls the tenant. */
export function checkInputs(news: Readonly<Record<string, unknown>>): {
  inputs: Record<string, unknown>;
  failures: InputFailure[];
} {
  const failures: InputFailure[] = [];
  const inputs: Record<string, unknown> = { ...news };

  const identity = news["identity"];
  if (identity !== UNKNOWN) {
    const parsed = parseIdentity(identity);
    if (parsed.ok) inputs["identity"] = parsed.value;
    else failures.push({ property: "identity", reason: parsed.reason });
  }

  const cloudManaged = news["cloudManaged"] ?? true;
  if (typeof cloudManaged !== "boolean" && cloudManaged !== UNKNOWN) {
    failures.push({ property: "cloudManaged", reason: "cloudManaged must be true or false." });
  }
  inputs["cloudManaged"] = cloudManaged;

  const onDelete = news["onDelete"] ?? "retain";
  if (onDelete !== UNKNOWN && !ON_DELETE.includes(onDelete as OnDelete)) {
    failures.push({
      property: "onDelete",
      reason: `onDelete must be "retain" (destroy leaves the mailbox as it is) or "revert" (destroy sets IsExchangeCloudManaged back to false); got ${JSON.stringify(onDelete)}.`,
    });
  }
  inputs["onDelete"] = onDelete;

  const attributes = news["attributes"];
  if (attributes !== undefined && attributes !== UNKNOWN) {
    failures.push(...validateAttributes(attributes));
    if (cloudManaged === false && Object.keys(attributes as object).length > 0) {
      failures.push({
        property: "attributes",
        reason:
          "attributes can only be owned while cloudManaged is true: with IsExchangeCloudManaged false, on-premises AD owns them and the next sync would overwrite every value. Remove attributes, or set cloudManaged: true.",
      });
    }
  }

  for (const key of Object.keys(news)) {
    // Outputs are declared as undefined inputs by the SDK; only report keys with a value.
    if (
      !KNOWN_INPUTS.has(key) &&
      !key.startsWith("__") &&
      news[key] !== undefined &&
      !OUTPUT_KEYS.has(key)
    ) {
      failures.push({ property: key, reason: `${key} is not an input of CloudManagedMailbox.` });
    }
  }
  return { inputs, failures };
}

const KNOWN_INPUTS = new Set(["identity", "cloudManaged", "onDelete", "attributes"]);
const OUTPUT_KEYS = new Set([
  "externalDirectoryObjectId",
  "userPrincipalName",
  "primarySmtpAddress",
  "displayName",
  "recipientTypeDetails",
  "isDirSynced",
  "isExchangeCloudManaged",
  "lastChanged",
  "valuesLostOnRevert",
]);
