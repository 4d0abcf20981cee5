/**
 * Mailbox reads by ExternalDirectoryObjectId, coalesced: refreshing N resources costs about
 * N/50 calls instead of N.
 */
import { CloudManagedError } from "../errors";
import { FilterBatcher } from "./filter-batcher";
import type { CmdletInvoker, ExchangeObject } from "./types";
import { isGuid } from "./wire";

/** Settings of a {@link MailboxReadBatcher}. */
export interface ReadBatcherOptions {
  /** Properties to read; `ExternalDirectoryObjectId` is always added. @default all */
  readonly select?: readonly string[];
  /** Ids per `Get-Mailbox` call (bounds the filter's length). @default 50 */
  readonly maxIdsPerCall?: number;
  /** How long to wait for more ids before sending a partial batch. @default 20 */
  readonly windowMs?: number;
}

const KEY = "ExternalDirectoryObjectId";

/** Reads mailboxes by ExternalDirectoryObjectId, many callers sharing one call. */
export class MailboxReadBatcher {
  private readonly batcher: FilterBatcher;

  constructor(invoker: CmdletInvoker, options: ReadBatcherOptions = {}) {
    const select =
      options.select === undefined || options.select.includes(KEY)
        ? options.select
        : [...options.select, KEY];
    this.batcher = new FilterBatcher(
      invoker,
      {
        clause: (id) => `${KEY} -eq '${id}'`,
        keysOf: (object) => (typeof object[KEY] === "string" ? [object[KEY].toLowerCase()] : []),
      },
      {
        ...(select === undefined ? {} : { select }),
        ...(options.maxIdsPerCall === undefined ? {} : { maxKeysPerCall: options.maxIdsPerCall }),
        ...(options.windowMs === undefined ? {} : { windowMs: options.windowMs }),
      },
    );
  }

  /**
   * The mailbox whose ExternalDirectoryObjectId is `externalDirectoryObjectId`, or undefined
   * when there is none. Rejects with InvalidInput for a value that is not a GUID, and with the
   * batch's error when the shared call fails.
   */
  async get(externalDirectoryObjectId: string): Promise<ExchangeObject | undefined> {
    const id = externalDirectoryObjectId.trim().toLowerCase();
    if (!isGuid(id)) {
      throw new CloudManagedError(
        "InvalidInput",
        `${JSON.stringify(externalDirectoryObjectId)} is not an ExternalDirectoryObjectId ` +
          "(a GUID such as 2f0b6a7c-1d2e-4f5a-8b9c-0d1e2f3a4b5c). Resolve the identity first.",
        { operation: "Get-Mailbox" },
      );
    }
    const matches = await this.batcher.get(id);
    if (matches.length > 1) throw ambiguous(id, matches.length);
    return matches[0];
  }
}

/** The OPATH filter for `ids`; only validated GUIDs reach it, so nothing needs escaping. */
export function filterFor(ids: readonly string[]): string {
  return ids.map((id) => `${KEY} -eq '${id}'`).join(" -or ");
}

function ambiguous(id: string, count: number): CloudManagedError {
  return new CloudManagedError(
    "Ambiguous",
    `${count} mailboxes share the ExternalDirectoryObjectId ${id}. Check for duplicate ` +
      "recipients in Exchange Online (for example with Get-Recipient) and remove the stray one.",
    { operation: "Get-Mailbox" },
  );
}
