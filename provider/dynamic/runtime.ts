import { httpsAgentFor, resolveSettings, tokenProviderFor } from "../auth";
import {
  ExchangeClient,
  MailboxAddressBatcher,
  MailboxReadBatcher,
  RetryPolicy,
  sharedLimiter,
} from "../exchange";
import { Logger } from "../log";
import { MAILBOX_FIELDS, MailboxService, VerifyPolicy } from "../mailbox";
import { processLogger } from "./logger";

/** The per-process objects every provider call shares: one client, one limiter, one token cache. */
export interface ProviderRuntime {
  readonly service: MailboxService;
  readonly logger: Logger;
}

/** Tuning that tests and benchmarks set; users tune through `exchange:*` config instead. */
export interface RuntimeOverrides {
  readonly verify?: Partial<VerifyPolicy>;
  readonly retry?: Partial<RetryPolicy>;
  /** Per-attempt HTTP timeout. @default 60000 */
  readonly timeoutMs?: number;
}

/** The `exchange:*` keys the provider reads from the stack configuration. */
export const CONFIG_KEYS = [
  "tenantId",
  "clientId",
  "clientSecret",
  "certificatePath",
  "certificatePassword",
  "federatedTokenFile",
  "environment",
  "authorityHost",
  "exchangeUrl",
  "caCertificatePath",
  "maxConcurrency",
  "requestsPerSecond",
] as const;

let config: Readonly<Record<string, string | undefined>> = {};
let overrides: RuntimeOverrides = {};
let current: ProviderRuntime | undefined;

/** Replaces the stack configuration; the next call builds a fresh runtime from it. */
export function setConfig(next: Readonly<Record<string, string | undefined>>): void {
  config = next;
  current = undefined;
}

/** Sets test and benchmark tuning; the next call builds a fresh runtime with it. */
export function setRuntimeOverrides(next: RuntimeOverrides): void {
  overrides = next;
  current = undefined;
}

/** The runtime for the current configuration, built on first use so `check` stays offline. */
export function runtime(): ProviderRuntime {
  current ??= createRuntime(config, process.env, overrides);
  return current;
}

/**
 * Builds the client stack from `exchange:*` config and the environment. The provider keeps
 * one per process; the SDK's list function and the export command build their own.
 */
export function createRuntime(
  stackConfig: Readonly<Record<string, string | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
  overrides: RuntimeOverrides = {},
): ProviderRuntime {
  const logger = processLogger(env);
  const settings = resolveSettings(stackConfig, env);
  const tokens = tokenProviderFor(settings, { logger });
  const limiter = sharedLimiter(`${settings.exchangeUrl}|${settings.tenant}`, {
    ...(settings.maxConcurrency === undefined ? {} : { maxConcurrency: settings.maxConcurrency }),
    ...(settings.requestsPerSecond === undefined
      ? {}
      : { requestsPerSecond: settings.requestsPerSecond }),
  });
  const client = new ExchangeClient({
    exchangeUrl: settings.exchangeUrl,
    tokens,
    httpsAgent: httpsAgentFor(settings.caCertificatePath),
    limiter,
    logger,
    ...(overrides.retry === undefined ? {} : { retry: overrides.retry }),
    ...(overrides.timeoutMs === undefined ? {} : { timeoutMs: overrides.timeoutMs }),
  });
  const lookup = new MailboxReadBatcher(client, { select: MAILBOX_FIELDS });
  const addresses = new MailboxAddressBatcher(client, { select: MAILBOX_FIELDS });
  const service = new MailboxService(client, lookup, {
    logger,
    addresses,
    ...(overrides.verify === undefined ? {} : { verify: overrides.verify }),
  });
  return { service, logger };
}
