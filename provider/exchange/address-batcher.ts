/**
 * Mailbox lookups by user principal name or primary SMTP address, coalesced like reads, so
 * creating N resources does not cost N identity round trips.
 */
import { FilterBatcher, type FilterBatcherOptions } from "./filter-batcher";
import type { CmdletInvoker, ExchangeObject } from "./types";

// Only plain addresses are batched: nothing in them needs quoting inside an OPATH string.
// Anything else (quotes, non-ASCII) takes the one-by-one Get-Mailbox -Identity path.
const PLAIN_ADDRESS = /^[a-z0-9._+-]+@[a-z0-9.-]+\.[a-z]{2,}$/;

/** Finds mailboxes whose UserPrincipalName or PrimarySmtpAddress is a given address. */
export class MailboxAddressBatcher {
  private readonly batcher: FilterBatcher;

  constructor(invoker: CmdletInvoker, options: FilterBatcherOptions = {}) {
    this.batcher = new FilterBatcher(
      invoker,
      {
        clause: (a) => `UserPrincipalName -eq '${a}' -or PrimarySmtpAddress -eq '${a}'`,
        keysOf: (object) =>
          [object["UserPrincipalName"], object["PrimarySmtpAddress"]]
            .filter((v): v is string => typeof v === "string")
            .map((v) => v.toLowerCase()),
      },
      options,
    );
  }

  /**
   * The mailboxes answering `address` (none, one, or several), or undefined when the address
   * is not one this batcher sends; the caller then asks Exchange directly.
   */
  find(address: string): Promise<ExchangeObject[]> | undefined {
    const key = address.trim().toLowerCase();
    return PLAIN_ADDRESS.test(key) ? this.batcher.get(key) : undefined;
  }
}
