/**
 * Client-assertion callbacks for federated credentials. MSAL calls them on every token
 * request, so a rotated token file or a fresh CI token is always what gets sent.
 */
import axios from "axios";
import { readFile } from "node:fs/promises";
import type * as https from "node:https";
import { CloudManagedError } from "../errors";
import { withoutQuery } from "./network-client";

/** Returns a federated JWT; called once per token request. */
export type AssertionSource = () => Promise<string>;

/** Re-reads the federated token file (e.g. AZURE_FEDERATED_TOKEN_FILE) on every call. */
export function assertionFromFile(file: string, from: string): AssertionSource {
  return async () => {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "read error";
      throw new CloudManagedError(
        "Configuration",
        `Cannot read the federated token file set by ${from} (${code}): check the path and ` +
          "that whatever writes the token (e.g. the workload identity webhook) is running.",
        { operation: "read federated token" },
      );
    }
    const token = text.trim();
    if (token === "") {
      throw new CloudManagedError(
        "Configuration",
        `The federated token file set by ${from} is empty: check that a token is written to it.`,
        { operation: "read federated token" },
      );
    }
    return token;
  };
}

/** Fetches a GitHub Actions OIDC token for `audience` on every call. */
export function assertionFromGitHub(
  requestUrl: string,
  requestToken: string,
  audience: string,
  agent: https.Agent,
  from: string,
): AssertionSource {
  return async () => {
    const url = new URL(requestUrl);
    url.searchParams.set("audience", audience);
    const context = {
      operation: "fetch GitHub OIDC token",
      method: "GET",
      url: withoutQuery(requestUrl),
    };
    let response;
    try {
      response = await axios.get<unknown>(url.toString(), {
        headers: { Authorization: `bearer ${requestToken}`, Accept: "application/json" },
        httpsAgent: agent,
        proxy: false,
        timeout: 30_000,
        validateStatus: () => true,
        maxRedirects: 0,
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new CloudManagedError(
        "Transient",
        `Cannot reach the GitHub Actions OIDC endpoint set by ${from} ` +
          `(${typeof code === "string" ? code : "network error"}): retry the job.`,
        context,
      );
    }
    const status = response.status;
    if (status >= 500 || status === 429) {
      throw new CloudManagedError(
        "Transient",
        "The GitHub Actions OIDC endpoint is failing: retry the job.",
        { ...context, status },
      );
    }
    const value = (response.data as { value?: unknown } | null)?.value;
    if (status !== 200 || typeof value !== "string" || value === "") {
      throw new CloudManagedError(
        "Unauthorized",
        `The GitHub Actions OIDC endpoint set by ${from} refused to issue a token: give the job ` +
          "`permissions: id-token: write` and run the provider inside that job.",
        { ...context, status },
      );
    }
    return value;
  };
}
