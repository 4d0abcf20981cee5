/**
 * The Exchange Online admin API client: one cmdlet call = one or more POSTs to InvokeCommand
 * (one per page), each paced by the limiter, retried by the retry wrapper and classified by the
 * classifier. Everything that depends on the undocumented endpoint stays behind this class.
 */
import { randomUUID } from "node:crypto";
import type { Agent } from "node:https";
import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import { CloudManagedError, type ErrorContext } from "../errors";
import { silentLogger, type Logger } from "../log";
import { defaultHttpsAgent } from "./agent";
import {
  classifyAdminApiErrors,
  classifyFailure,
  hasAdminApiErrors,
  type Classification,
} from "./classify";
import { failureError, sanitizedCause } from "./failure";
import { RequestLimiter } from "./limiter";
import {
  parseRetryAfter,
  withRetries,
  type AttemptFailure,
  type AttemptOutcome,
  type RetryEvent,
  type RetryPolicy,
} from "./retry";
import type { CmdletInvoker, ExchangeObject, InvokeOptions, TokenProvider } from "./types";
import { packageVersion } from "./version";
import { checkPageSize, checkTenant, originOf, refuseEmptyIdentity } from "./guards";
import { refusesToken, tokenRefused, type TokenState } from "./token-refusal";
import {
  anchorMailbox,
  decodeBody,
  invokeBody,
  invokeUrl,
  lowerCaseHeaders,
  readPage,
  withoutQuery,
  type Page,
} from "./wire";

/** Settings of an {@link ExchangeClient}. */
export interface ExchangeClientOptions {
  /** The Exchange host, e.g. `https://outlook.office365.com` (no path). */
  readonly exchangeUrl: string;
  readonly tokens: TokenProvider;
  /** Agent for TLS trust and keep-alive. @default one keep-alive agent per process */
  readonly httpsAgent?: Agent;
  /** The HTTP transport; tests and the emulator inject their own. @default a fresh axios instance */
  readonly transport?: AxiosInstance;
  /** Pacing shared with other clients of the same tenant. @default a limiter of its own */
  readonly limiter?: RequestLimiter;
  /** Overrides of the retry policy (see {@link RetryPolicy} for defaults). */
  readonly retry?: Partial<RetryPolicy>;
  /** Called before each retry wait; for tests and metrics. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** @default silentLogger */
  readonly logger?: Logger;
  /** Timeout of one HTTP attempt. @default 60000 */
  readonly timeoutMs?: number;
}

const DEFAULT_MAX_PAGES = 1000;
const DEFAULT_TIMEOUT_MS = 60_000;

/** Runs Exchange cmdlets through the admin API's InvokeCommand endpoint. */
export class ExchangeClient implements CmdletInvoker {
  private readonly exchangeUrl: string;
  private readonly origin: string;
  private readonly tokens: TokenProvider;
  private readonly httpsAgent: Agent;
  private readonly transport: AxiosInstance;
  private readonly limiter: RequestLimiter;
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private readonly options: ExchangeClientOptions;

  constructor(options: ExchangeClientOptions) {
    this.exchangeUrl = options.exchangeUrl.replace(/\/+$/, "");
    this.origin = originOf(this.exchangeUrl);
    this.tokens = options.tokens;
    this.httpsAgent = options.httpsAgent ?? defaultHttpsAgent();
    this.transport = options.transport ?? axios.create();
    this.limiter = options.limiter ?? new RequestLimiter();
    this.logger = options.logger ?? silentLogger;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.options = options;
  }

  /**
   * Runs `cmdlet` with `parameters` and returns every object of every page. Throws a
   * CloudManagedError whose kind says what went wrong, also when a 2xx answer carries
   * `@adminapi.errors`.
   */
  async invoke(
    cmdlet: string,
    parameters: Readonly<Record<string, unknown>>,
    options: InvokeOptions = {},
  ): Promise<ExchangeObject[]> {
    refuseEmptyIdentity(cmdlet, parameters);
    checkPageSize(cmdlet, options.pageSize);
    const body = invokeBody(cmdlet, parameters);
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    const objects: ExchangeObject[] = [];
    let nextLink: string | undefined;
    for (let pageNumber = 1; ; pageNumber += 1) {
      const page = await this.fetchPage(cmdlet, body, nextLink, options);
      objects.push(...page.objects);
      if (page.nextLink === undefined) return objects;
      if (pageNumber >= maxPages) {
        throw new CloudManagedError(
          "InvalidInput",
          `${cmdlet} returned more than ${maxPages} pages. Narrow the filter, or raise maxPages ` +
            "if that many objects are really wanted.",
          { operation: cmdlet },
        );
      }
      nextLink = this.followable(cmdlet, page.nextLink);
    }
  }

  /** One page: one logical request, retried under one client-request-id. */
  private fetchPage(
    cmdlet: string,
    body: string,
    nextLink: string | undefined,
    options: InvokeOptions,
  ): Promise<Page> {
    const clientRequestId = randomUUID();
    const tokenState: TokenState = {};
    return withRetries(
      (attempt) =>
        this.attempt(cmdlet, body, nextLink, options, clientRequestId, attempt, tokenState),
      {
        operation: cmdlet,
        logger: this.logger,
        ...(this.options.retry === undefined ? {} : { policy: this.options.retry }),
        ...(this.options.onRetry === undefined ? {} : { onRetry: this.options.onRetry }),
      },
    );
  }

  private async attempt(
    cmdlet: string,
    body: string,
    nextLink: string | undefined,
    options: InvokeOptions,
    clientRequestId: string,
    attemptNumber: number,
    tokenState: TokenState,
  ): Promise<AttemptOutcome<Page>> {
    // A fresh token per attempt: one may expire while we back off. After a 401 the refused
    // token is named, so the cache replaces it (once for all callers that saw it refused).
    const token = await this.tokens.getToken(
      tokenState.rejected === undefined ? undefined : { rejectedToken: tokenState.rejected },
    );
    const tenantId = checkTenant(token.tenantId);
    const url = nextLink ?? invokeUrl(this.exchangeUrl, tenantId, options.select);
    const context: ErrorContext = {
      operation: cmdlet,
      method: "POST",
      url: withoutQuery(url),
      clientRequestId,
    };
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token.token}`,
      "Content-Type": "application/json",
      Accept: "application/json",
      "Accept-Encoding": "gzip",
      "X-AnchorMailbox": anchorMailbox(tenantId),
      "X-ResponseFormat": "json",
      "client-request-id": clientRequestId,
      "X-CmdletName": cmdlet,
      "X-ClientApplication": `exchange-cloud-managed/${packageVersion()}`,
      ...(options.pageSize === undefined
        ? {}
        : { Prefer: `odata.maxpagesize=${options.pageSize}` }),
    };

    let response: AxiosResponse<unknown>;
    try {
      response = await this.limiter.run(
        () =>
          this.transport.request<unknown>({
            method: "POST",
            url,
            data: body,
            headers,
            httpsAgent: this.httpsAgent,
            timeout: this.timeoutMs,
            responseType: "arraybuffer",
            decompress: false,
            maxRedirects: 0,
            validateStatus: () => true,
            transitional: { clarifyTimeoutError: true },
          }),
        options.urgent,
      );
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const classification = classifyFailure({
        ...(typeof code === "string" ? { networkCode: code } : {}),
        ...(error instanceof Error ? { networkMessage: error.message } : {}),
      });
      return failed(classification, failureError(classification, context, sanitizedCause(error)));
    }
    const context401 = { ...context, status: response.status };
    if (response.status === 401 && refusesToken(lowerCaseHeaders(response.headers))) {
      return tokenRefused(tokenState, token.token, context401);
    }
    return this.interpret(response, context401, attemptNumber);
  }

  private interpret(
    response: AxiosResponse<unknown>,
    baseContext: ErrorContext,
    attemptNumber: number,
  ): AttemptOutcome<Page> {
    const headers = lowerCaseHeaders(response.headers);
    const requestId = headers["request-id"];
    const context = requestId === undefined ? baseContext : { ...baseContext, requestId };
    const text = decodeBody(response.data, headers["content-encoding"]);

    if (response.status >= 200 && response.status < 300) {
      const page = readPage(text);
      if (page === undefined) {
        const error = new CloudManagedError(
          "Unknown",
          "Exchange answered with a body that is not the expected JSON. Check that the " +
            "Exchange URL points at Exchange Online, and retry.",
          context,
        );
        return { error };
      }
      if (hasAdminApiErrors(page.adminApiErrors)) {
        const classification = classifyAdminApiErrors(page.adminApiErrors);
        return failed(classification, failureError(classification, context));
      }
      this.limiter.onSuccess();
      for (const warning of page.warnings ?? []) {
        this.logger.debug(`${baseContext.operation ?? "cmdlet"} warned: ${warning}`);
      }
      this.logger.debug(
        `${baseContext.operation ?? "cmdlet"} answered ${response.status} with ` +
          `${page.objects.length} objects on attempt ${attemptNumber}.`,
      );
      return { value: page };
    }

    const classification = classifyFailure({ status: response.status, headers, body: text });
    const retryAfterMs = parseRetryAfter(headers["retry-after"]);
    if (classification.kind === "Throttled") this.limiter.onThrottled(retryAfterMs);
    return failed(classification, failureError(classification, context), retryAfterMs);
  }

  /** Resolves a next-page link and refuses one that would take the token to another host. */
  private followable(cmdlet: string, link: string): string {
    let resolved: URL;
    try {
      resolved = new URL(link, `${this.exchangeUrl}/`);
    } catch {
      resolved = new URL("invalid:");
    }
    if (resolved.origin !== this.origin) {
      throw new CloudManagedError(
        "Unknown",
        `${cmdlet} answered with a next-page link to another host; refusing to send the token ` +
          "there. Check the Exchange URL and report this if it persists.",
        { operation: cmdlet, url: withoutQuery(link) },
      );
    }
    return resolved.toString();
  }
}

function failed(
  classification: Classification,
  error: CloudManagedError,
  retryAfterMs?: number,
): AttemptFailure {
  const detail = classification.serviceMessage ?? classification.networkCode;
  return {
    error,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(detail === undefined ? {} : { detail }),
  };
}
