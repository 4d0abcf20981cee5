/**
 * MSAL's network module, over axios and the shared HTTPS agent. msal-node 7's built-in client
 * uses fetch, which cannot take an `https.Agent`, so it could neither reuse our keep-alive
 * sockets nor trust an extra CA.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import axios, { type AxiosResponse } from "axios";
import type * as https from "node:https";

/**
 * A failed exchange seen by the network module: codes only, never a body or header value.
 * MSAL reduces some of these to a bare "network_error" or "endpoints_resolution_error".
 */
export interface NetworkObservation {
  readonly method: "GET" | "POST";
  /** The URL without its query. */
  readonly url: string;
  /** The HTTP status when a response arrived. */
  readonly status?: number;
  /** Why no usable response arrived: `ECONNREFUSED`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, ... */
  readonly failure?: string;
  /** The first Entra error number (AADSTS...) of an error response. */
  readonly aadsts?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Builds an INetworkModule sending through `agent`. `observe` hears about transport failures
 * and error responses, so they can be explained better than MSAL's own error does.
 */
export function networkClientFor(
  agent: https.Agent,
  observe: (observation: NetworkObservation) => void,
): INetworkModule {
  const send = async <T>(
    method: "GET" | "POST",
    url: string,
    options: NetworkRequestOptions | undefined,
    timeout: number | undefined,
  ): Promise<NetworkResponse<T>> => {
    let response: AxiosResponse<string>;
    try {
      response = await axios.request<string>({
        method,
        url,
        headers: options?.headers ?? {},
        data: method === "POST" ? (options?.body ?? "") : undefined,
        httpsAgent: agent,
        // axios' own proxy support does not tunnel https; never let it pick one up from env.
        proxy: false,
        timeout: timeout ?? DEFAULT_TIMEOUT_MS,
        responseType: "text",
        transformResponse: (body: unknown) => body,
        validateStatus: () => true,
        maxRedirects: 0,
      });
    } catch (error) {
      const failure = { method, url: withoutQuery(url), failure: errorCode(error) };
      observe(failure);
      throw new TransportError(failure);
    }
    const { status } = response;
    const body = parseJson(response.data);
    if (body === undefined) {
      const failure = { method, url: withoutQuery(url), status, failure: "unparseable body" };
      observe(failure);
      throw new TransportError(failure);
    }
    if (status >= 400) {
      const aadsts = firstErrorCode(body);
      observe({
        method,
        url: withoutQuery(url),
        status,
        ...(aadsts === undefined ? {} : { aadsts }),
      });
    }
    return { status: response.status, headers: plainHeaders(response.headers), body: body as T };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send("GET", url, options, timeout),
    sendPostRequestAsync: (url, options) => send("POST", url, options, undefined),
  };
}

/** Thrown by the network module; carries only codes, the status and the URL without query. */
export class TransportError extends Error {
  override readonly name = "TransportError";
  constructor(readonly observation: NetworkObservation) {
    const { failure, status, method, url } = observation;
    super(
      `${failure ?? "failed"}${status === undefined ? "" : ` (HTTP ${status})`} ${method} ${url}`,
    );
  }
}

function firstErrorCode(body: unknown): string | undefined {
  const codes = (body as { error_codes?: unknown } | null)?.error_codes;
  const first: unknown = Array.isArray(codes) ? codes[0] : undefined;
  return typeof first === "number" && Number.isInteger(first) ? String(first) : undefined;
}

function errorCode(error: unknown): string {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
  }
  return "network error";
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function plainHeaders(headers: AxiosResponse["headers"]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return result;
}

/** The URL without query or fragment, for messages. */
export function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}
