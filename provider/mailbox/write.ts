import { isErrorOfKind } from "../errors";
import { Logger } from "../log";
import { CmdletInvoker, MailboxLookup } from "./ports";
import { MailboxState, toMailboxState } from "./state";
import { readUntil, VerifyPolicy } from "./verify";

/** A Set-Mailbox call: its parameters (without Identity) and the read that proves it held. */
export interface MailboxWrite {
  /** Human description for logs and errors, e.g. "IsExchangeCloudManaged=true". */
  readonly description: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly holds: (mailbox: MailboxState) => boolean;
}

/**
 * Applies one idempotent write by ExternalDirectoryObjectId and proves it by reading back.
 * When the call fails in a way that leaves its effect unclear (transient, throttled,
 * unknown), the mailbox is read again before deciding: a write can be applied and still be
 * answered with an error.
 */
export async function applyWrite(
  exchange: CmdletInvoker,
  lookup: MailboxLookup,
  mailbox: MailboxState,
  write: MailboxWrite,
  policy: VerifyPolicy,
  logger: Logger,
): Promise<MailboxState> {
  const id = mailbox.externalDirectoryObjectId;
  try {
    await exchange.invoke("Set-Mailbox", { Identity: id, ...write.parameters });
  } catch (error) {
    if (!isErrorOfKind(error, "Transient", "Throttled", "Unknown")) throw error;
    const raw = await lookup.get(id);
    if (raw === undefined || !write.holds(toMailboxState(raw))) throw error;
    logger.debug(`Set-Mailbox ${write.description} on ${id} answered with an error but was applied`);
  }
  return readUntil(lookup, id, write.holds, write.description, policy);
}
