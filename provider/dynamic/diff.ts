import { differingAttributes } from "../mailbox";
import { MailboxInputs, MailboxOutputs, UNKNOWN } from "./inputs";

/** The engine-facing result of comparing desired inputs with the stored live state. */
export interface MailboxDiff {
  readonly changes: boolean;
  readonly replaces: readonly string[];
  /** Properties that differ (`attributes.<key>` per owned attribute), for logs and tests. */
  readonly changed: readonly string[];
}

/**
 * Compares what the program declares with what was last read from the tenant (`olds` are the
 * stored outputs, refreshed by `read`). `identityTarget` is the ExternalDirectoryObjectId the
 * new identity resolves to, when it had to be resolved; another mailbox means replacement.
 */
export function diffMailbox(
  olds: Readonly<MailboxOutputs>,
  news: Readonly<MailboxInputs>,
  identityTarget?: string,
): MailboxDiff {
  const changed: string[] = [];
  const replaces: string[] = [];
  if (news.identity !== olds.identity) {
    changed.push("identity");
    if (news.identity === UNKNOWN || identityTarget !== olds.externalDirectoryObjectId) {
      replaces.push("identity");
    }
  }
  if (news.cloudManaged !== olds.isExchangeCloudManaged) changed.push("cloudManaged");
  if (news.onDelete !== olds.onDelete) changed.push("onDelete");
  changed.push(...attributeChanges(olds, news));
  return { changes: changed.length > 0, replaces, changed };
}

function attributeChanges(olds: Readonly<MailboxOutputs>, news: Readonly<MailboxInputs>): string[] {
  const live = olds.attributes ?? {};
  const desired = news.attributes ?? {};
  const drifted = differingAttributes(desired, live);
  // A key the program stops listing is released: no write, but the state must forget it.
  const released = Object.keys(live).filter((key) => !(key in desired));
  return [...drifted, ...released].map((key) => `attributes.${key}`);
}

/** True when an identity change needs a tenant lookup to tell a rename from another mailbox. */
export function identityNeedsResolution(
  olds: Readonly<MailboxOutputs>,
  news: Readonly<MailboxInputs>,
): boolean {
  return news.identity !== olds.identity && news.identity !== UNKNOWN;
}
