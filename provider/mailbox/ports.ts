/**
 * What the mailbox layer needs from the Exchange client, stated structurally so the domain
 * logic can be tested against the emulator or a fake without the transport.
 */

/** One object returned by a cmdlet, annotation keys removed. */
export type ExchangeObject = Readonly<Record<string, unknown>>;

/** Runs one cmdlet, following pages, throwing classified errors. */
export interface CmdletInvoker {
  invoke(
    cmdlet: string,
    parameters: Readonly<Record<string, unknown>>,
    options?: { readonly select?: readonly string[]; readonly pageSize?: number },
  ): Promise<readonly ExchangeObject[]>;
}

/** Reads mailboxes by ExternalDirectoryObjectId, many callers sharing one call. */
export interface MailboxLookup {
  get(externalDirectoryObjectId: string): Promise<ExchangeObject | undefined>;
}

/** Finds mailboxes by UPN or primary SMTP address in shared calls; undefined: ask directly. */
export interface AddressLookup {
  find(address: string): Promise<readonly ExchangeObject[]> | undefined;
}
