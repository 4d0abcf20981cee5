/**
 * Coalesces mailbox reads: every id asked for within a short window goes out in one
 * `Get-Mailbox -Filter` call, so refreshing N resources costs about N/50 calls instead of N.
 */
import { CloudManagedError } from "../errors";
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

interface Waiter {
  readonly resolve: (mailbox: ExchangeObject | undefined) => void;
  readonly reject: (error: unknown) => void;
}

const KEY = "ExternalDirectoryObjectId";

/** Reads mailboxes by ExternalDirectoryObjectId, many callers sharing one call. */
export class MailboxReadBatcher {
  private readonly invoker: CmdletInvoker;
  private readonly select: readonly string[] | undefined;
  private readonly maxIds: number;
  private readonly windowMs: number;
  private pending = new Map<string, Waiter[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(invoker: CmdletInvoker, options: ReadBatcherOptions = {}) {
    this.invoker = invoker;
    this.select =
      options.select === undefined || options.select.includes(KEY)
        ? options.select
        : [...options.select, KEY];
    this.maxIds = Math.max(1, Math.floor(options.maxIdsPerCall ?? 50));
    this.windowMs = options.windowMs ?? 20;
  }

  /**
   * The mailbox whose ExternalDirectoryObjectId is `externalDirectoryObjectId`, or undefined
   * when there is none. Rejects with InvalidInput for a value that is not a GUID, and with the
   * batch's error when the shared call fails.
   */
  get(externalDirectoryObjectId: string): Promise<ExchangeObject | undefined> {
    const id = externalDirectoryObjectId.trim().toLowerCase();
    if (!isGuid(id)) {
      return Promise.reject(
        new CloudManagedError(
          "InvalidInput",
          `${JSON.stringify(externalDirectoryObjectId)} is not an ExternalDirectoryObjectId ` +
            "(a GUID such as 2f0b6a7c-1d2e-4f5a-8b9c-0d1e2f3a4b5c). Resolve the identity first.",
          { operation: "Get-Mailbox" },
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(id);
      if (waiters === undefined) this.pending.set(id, [{ resolve, reject }]);
      else waiters.push({ resolve, reject });
      if (this.pending.size >= this.maxIds) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    if (batch.size > 0) void this.send(batch);
  }

  private async send(batch: ReadonlyMap<string, Waiter[]>): Promise<void> {
    const ids = [...batch.keys()];
    let found: ExchangeObject[];
    try {
      found = await this.invoker.invoke(
        "Get-Mailbox",
        { Filter: filterFor(ids), ResultSize: "Unlimited" },
        this.select === undefined ? {} : { select: this.select },
      );
    } catch (error) {
      for (const waiter of [...batch.values()].flat()) waiter.reject(error);
      return;
    }
    const byId = groupById(found);
    for (const [id, waiters] of batch) {
      const matches = byId.get(id) ?? [];
      for (const waiter of waiters) {
        if (matches.length > 1) waiter.reject(ambiguous(id, matches.length));
        else waiter.resolve(matches[0]);
      }
    }
  }
}

/** The OPATH filter for `ids`; only validated GUIDs reach it, so nothing needs escaping. */
export function filterFor(ids: readonly string[]): string {
  return ids.map((id) => `${KEY} -eq '${id}'`).join(" -or ");
}

function groupById(objects: readonly ExchangeObject[]): Map<string, ExchangeObject[]> {
  const byId = new Map<string, ExchangeObject[]>();
  for (const object of objects) {
    const value = object[KEY];
    if (typeof value !== "string") continue;
    const id = value.toLowerCase();
    byId.set(id, [...(byId.get(id) ?? []), object]);
  }
  return byId;
}

function ambiguous(id: string, count: number): CloudManagedError {
  return new CloudManagedError(
    "Ambiguous",
    `${count} mailboxes share the ExternalDirectoryObjectId ${id}. Check for duplicate ` +
      "recipients in Exchange Online (for example with Get-Recipient) and remove the stray one.",
    { operation: "Get-Mailbox" },
  );
}
