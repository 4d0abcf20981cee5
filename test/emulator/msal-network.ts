/**
 * An MSAL network module that trusts one extra CA through node:https: the "explicit CA
 * option" way of trusting the emulator (the other being NODE_EXTRA_CA_CERTS).
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { https } from "./helpers";

/** A network client for MSAL that verifies TLS against `caPem`. */
export function caTrustingNetworkClient(caPem: string): INetworkModule {
  const call = async <T>(
    method: string,
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> => {
    const request: { method: string; headers: Record<string, string>; body?: string } = {
      method,
      headers: options?.headers ?? {},
    };
    if (options?.body !== undefined) request.body = options.body;
    const answer = await https(url, caPem, request);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(answer.headers)) if (typeof v === "string") headers[k] = v;
    return { headers, body: answer.json as T, status: answer.status };
  };
  return {
    sendGetRequestAsync: (url, options) => call("GET", url, options),
    sendPostRequestAsync: (url, options) => call("POST", url, options),
  };
}
