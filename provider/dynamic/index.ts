/**
 * The CloudManagedMailbox resource provider. This module's exports ARE the provider: the SDK
 * hands this module object to Pulumi, whose closure serializer then stores a single
 * `require()` of this file in each resource's `__provider`. Keep the file's path stable
 * across releases; state written by earlier versions requires it by that path.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { CloudManagedError, isErrorOfKind } from "../errors";
import { describe, ManagedAttributes } from "../mailbox";
import { diffMailbox, identityNeedsResolution } from "./diff";
import { checkInputs, MailboxInputs, MailboxOutputs } from "./inputs";
import { cloudHeldValues, inputsOf, outputsFor } from "./outputs";
import { withPlainErrors } from "./engine-error";
import { warmUp } from "./warm-up";
import { processLogger } from "./logger";
import { CONFIG_KEYS, runtime, setConfig } from "./runtime";

/** For messages that must reach the user even when the configuration is broken. */
const log = processLogger(process.env);

/** Takes the stack configuration; credentials are read from it (or the environment) on first use. */
export async function configure(req: dynamic.ConfigureRequest): Promise<void> {
  const values: Record<string, string | undefined> = {};
  for (const key of CONFIG_KEYS) values[`exchange:${key}`] = req.config.get(`exchange:${key}`);
  setConfig(values);
  created.clear();
}

/** Offline validation with one failure per property. */
export async function check(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<dynamic.CheckResult> {
  const { inputs, failures } = checkInputs(news);
  if (failures.length === 0) warmUp(olds, inputs);
  return { inputs, failures };
}

/** Desired inputs against the stored live state; identity changes resolve to tell rename from replace. */
export async function diff(
  _id: string,
  olds: MailboxOutputs,
  news: MailboxInputs,
): Promise<dynamic.DiffResult> {
  return withPlainErrors(log, async () => {
    let target: string | undefined;
    if (identityNeedsResolution(olds, news)) target = await resolvedId(news.identity);
    const result = diffMailbox(olds, news, target);
    if (result.changed.includes("cloudManaged") && !news.cloudManaged)
      warnHandBack(olds.externalDirectoryObjectId);
    return { changes: result.changes, replaces: [...result.replaces], deleteBeforeReplace: false };
  });
}

/** Resolves the mailbox, refuses ineligible ones, adopts it when the flag already holds, else writes and verifies. */
export async function create(inputs: MailboxInputs): Promise<dynamic.CreateResult> {
  const { service, logger } = runtime();
  const mailbox = await service.resolve(inputs.identity, RESOLVED_IN_CHECK_MS);
  claim(mailbox.externalDirectoryObjectId, inputs.identity);
  if (mailbox.isExchangeCloudManaged === inputs.cloudManaged) {
    logger.info(
      `adopting ${mailbox.externalDirectoryObjectId}: IsExchangeCloudManaged already ${inputs.cloudManaged}`,
    );
  }
  const flagged = await service.setCloudManaged(mailbox, inputs.cloudManaged);
  const after = await service.setAttributes(flagged, inputs.attributes ?? {});
  return { id: after.externalDirectoryObjectId, outs: outputsFor(inputs, after) };
}

/** Live state for refresh. "Gone" only when Exchange has no such mailbox; errors propagate. */
export async function read(
  id: string,
  props: Record<string, unknown>,
): Promise<dynamic.ReadResult> {
  return withPlainErrors(log, () => readMailbox(id, props));
}

async function readMailbox(
  id: string,
  props: Record<string, unknown>,
): Promise<dynamic.ReadResult> {
  const mailbox = await runtime().service.read(id);
  if (mailbox === undefined) return { id: "" };
  const stored = inputsOf(props);
  const outs = outputsFor(stored, mailbox);
  // Inputs mirror the tenant so `preview --refresh` shows drift against the program.
  const inputs: MailboxInputs = {
    ...stored,
    cloudManaged: mailbox.isExchangeCloudManaged,
    ...(outs.attributes === undefined ? {} : { attributes: outs.attributes as ManagedAttributes }),
  };
  return { id, props: { ...outs }, inputs: { ...inputs } };
}

/** Sets the flag either way, verified by a read; identity renames and onDelete only update the state. */
export async function update(
  id: string,
  _olds: MailboxOutputs,
  news: MailboxInputs,
): Promise<dynamic.UpdateResult> {
  const { service } = runtime();
  const mailbox = await service.read(id);
  if (mailbox === undefined) throw gone(id);
  if (mailbox.isExchangeCloudManaged && !news.cloudManaged) {
    const held = Object.keys(cloudHeldValues(mailbox));
    warnHandBack(id, held);
  }
  const flagged = await service.setCloudManaged(mailbox, news.cloudManaged);
  const after = await service.setAttributes(flagged, news.attributes ?? {});
  return { outs: outputsFor(news, after) };
}

/** `retain` forgets the resource; `revert` sets the flag back to false after saying what sync will overwrite. */
async function remove(id: string, props: MailboxOutputs): Promise<void> {
  return withPlainErrors(log, () => revertOrRetain(id, props));
}

async function revertOrRetain(id: string, props: MailboxOutputs): Promise<void> {
  const { service, logger } = runtime();
  if (inputsOf(props as unknown as Record<string, unknown>).onDelete !== "revert") {
    logger.info(`${id}: onDelete is retain; leaving IsExchangeCloudManaged as it is`);
    return;
  }
  const mailbox = await service.read(id);
  if (mailbox === undefined) {
    logger.warn(`${id} no longer exists in Exchange Online; nothing to revert`);
    return;
  }
  if (mailbox.isExchangeCloudManaged) {
    const held = cloudHeldValues(mailbox);
    logger.warn(
      `reverting ${id}: the next directory sync overwrites its ${Object.keys(held).length} cloud-held Exchange attribute values (${Object.keys(held).join(", ") || "none"}) with the on-premises ones; they were last recorded in the output valuesLostOnRevert`,
    );
    logger.debug(
      `values of ${describe(mailbox)} that the next sync overwrites: ${JSON.stringify(held)}`,
    );
  }
  await service.setCloudManaged(mailbox, false);
}
export { remove as delete };

async function resolvedId(identity: string): Promise<string | undefined> {
  try {
    return (await runtime().service.resolve(identity)).externalDirectoryObjectId;
  } catch (error) {
    // The replacement's create reports the precise refusal; here it only means "another mailbox".
    if (isErrorOfKind(error, "NotFound", "Ambiguous", "NotEligible", "InvalidInput"))
      return undefined;
    throw error;
  }
}

/**
 * How old a resolution from this run's `check` may be for `create` to reuse it. Short: the
 * adopt-or-write decision rests on it, and the write itself is verified by a fresh read.
 */
const RESOLVED_IN_CHECK_MS = 30_000;

/** Mailboxes created by this process (one engine run), by id, with the identity that named them. */
const created = new Map<string, string>();

/** Two resources owning one mailbox would flip it back and forth on every run. */
function claim(id: string, identity: string): void {
  const other = created.get(id);
  if (other !== undefined && other !== identity) {
    throw new CloudManagedError(
      "InvalidInput",
      `"${identity}" and "${other}" are the same mailbox (${id}); declare each mailbox once, or the two resources would fight over it on every run.`,
      { operation: "create" },
    );
  }
  created.set(id, identity);
}

/** Setting the flag to false is destructive for cloud edits: say so in preview and in up. */
function warnHandBack(id: string, held?: readonly string[]): void {
  const what =
    held === undefined
      ? "its cloud-edited Exchange attributes"
      : `its cloud-held values (${held.join(", ") || "none"})`;
  log.warn(
    `cloudManaged false hands ${id} back to on-premises AD: the next directory sync overwrites ${what} with the on-premises values. Copy cloud edits to AD first if they must survive.`,
  );
}

function gone(id: string): CloudManagedError {
  return new CloudManagedError(
    "NotFound",
    `Mailbox ${id} no longer exists in Exchange Online. Run \`pulumi refresh\` to drop it from the state, then \`pulumi up\`.`,
    { operation: "update" },
  );
}
