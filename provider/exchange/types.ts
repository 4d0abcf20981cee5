/**
 * Shapes shared by the Exchange client, its retries and the read batcher.
 */

/**
 * One object returned by a cmdlet, with OData annotation keys (those containing `@`) removed.
 */
export type ExchangeObject = Readonly<Record<string, unknown>>;

/**
 * Tokens come from the auth layer; re-exported under the names this layer uses. The client calls
 * `getToken()` once per HTTP attempt and leaves caching and refresh to the provider.
 */
export type { AccessToken as ExchangeToken, TokenProvider } from "../auth";

/** Options of one logical cmdlet call. */
export interface InvokeOptions {
  /** Properties to return (`?$select=`); trims payloads of Get cmdlets. */
  readonly select?: readonly string[];
  /** Objects per page (`Prefer: odata.maxpagesize`), 1..1000. Default: the service's choice. */
  readonly pageSize?: number;
  /**
   * Most pages to follow before failing with an error that asks to narrow the query.
   * @default 1000
   */
  readonly maxPages?: number;
  /**
   * Goes ahead of queued ordinary calls: for shared reads that many operations wait on, so
   * a queue of writes does not hold them all up.
   */
  readonly urgent?: boolean;
}

/** What the read batcher and domain code need from a client; lets tests pass a fake. */
export interface CmdletInvoker {
  invoke(
    cmdlet: string,
    parameters: Readonly<Record<string, unknown>>,
    options?: InvokeOptions,
  ): Promise<ExchangeObject[]>;
}
