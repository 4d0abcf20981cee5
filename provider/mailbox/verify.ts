import { CloudManagedError } from "../errors";
import { MailboxLookup } from "./ports";
import { MailboxState, toMailboxState } from "./state";

/** How long a write may take to become readable. Exchange replicates in seconds, sometimes minutes. */
export interface VerifyPolicy {
  /** Give up after this long. @default 90000 */
  readonly timeoutMs: number;
  /** First pause between reads; doubles up to `maxDelayMs`. @default 250 */
  readonly initialDelayMs: number;
  /** @default 5000 */
  readonly maxDelayMs: number;
}

/** Defaults for {@link VerifyPolicy}. */
export const DEFAULT_VERIFY_POLICY: VerifyPolicy = {
  timeoutMs: 90_000,
  initialDelayMs: 250,
  maxDelayMs: 5_000,
};

/**
 * Reads the mailbox until `holds` is true, tolerating replication lag; returns the state
 * that proved it. Only a read-back tells the truth: a write can report success and not
 * be visible yet, or report failure and have been applied.
 */
export async function readUntil(
  lookup: MailboxLookup,
  id: string,
  holds: (mailbox: MailboxState) => boolean,
  what: string,
  policy: VerifyPolicy,
): Promise<MailboxState> {
  const deadline = Date.now() + policy.timeoutMs;
  let delay = policy.initialDelayMs;
  let last: MailboxState | undefined;
  for (;;) {
    const raw = await lookup.get(id);
    last = raw === undefined ? undefined : toMailboxState(raw);
    if (last !== undefined && holds(last)) return last;
    if (Date.now() + delay > deadline) break;
    await sleep(delay);
    delay = Math.min(delay * 2, policy.maxDelayMs);
  }
  const seen = last === undefined ? "the mailbox could not be read back" : "it still reads the old value";
  throw new CloudManagedError(
    "Transient",
    `Exchange accepted the change (${what}) but after ${Math.round(policy.timeoutMs / 1000)} s ${seen}. Replication may be slow: run \`pulumi refresh\` and then \`pulumi up\` again in a few minutes.`,
    { operation: "verify write" },
  );
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
