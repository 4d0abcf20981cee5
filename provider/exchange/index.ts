/**
 * The Exchange Online admin API client: transport, retries, paging, error classification,
 * request pacing and read coalescing.
 */
export { ExchangeClient, type ExchangeClientOptions } from "./client";
export {
  classifyAdminApiErrors,
  classifyFailure,
  type Classification,
  type FailureEvidence,
} from "./classify";
export { LOWER_LOAD_ADVICE } from "./failure";
export { RequestLimiter, sharedLimiter, type LimiterOptions, type LimiterStats } from "./limiter";
export { MailboxReadBatcher, filterFor, type ReadBatcherOptions } from "./read-batcher";
export { MailboxAddressBatcher } from "./address-batcher";
export { FilterBatcher, type FilterBatcherOptions, type LookupKind } from "./filter-batcher";
export {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  withRetries,
  type AttemptFailure,
  type AttemptOutcome,
  type RetryEvent,
  type RetryOptions,
  type RetryPolicy,
} from "./retry";
export type {
  CmdletInvoker,
  ExchangeObject,
  ExchangeToken,
  InvokeOptions,
  TokenProvider,
} from "./types";
export { hashtable, isGuid } from "./wire";
