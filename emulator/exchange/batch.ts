/**
 * `POST /adminapi/beta/{tenant}/$batch`: up to ten InvokeCommand sub-requests answered in
 * one `responses` array, each with its own status and body.
 */
import type { IncomingHttpHeaders } from "node:http";
import { faultOutcome } from "../fault-replies";
import { isRecord, isReply, type Outcome } from "../http";
import type { EmulatorState } from "../state";
import { authorize } from "./bearer";
import { badParameter, errorReply } from "./errors";
import { admitRate, runInvocation } from "./invoke";

/** Most sub-requests one batch may hold. */
export const MAX_BATCH = 10;

/** Handles a $batch HTTP request after latency has been applied. */
export function handleBatch(
  state: EmulatorState,
  tenant: string,
  body: unknown,
  headers: IncomingHttpHeaders,
): Outcome {
  const refused = admitRate(state);
  if (refused !== undefined) return refused;
  const caller = authorize(state, tenant, headers);
  if (!("app" in caller)) return caller;
  const rule = state.faults.match({ target: "batch" });
  if (rule !== undefined) return faultOutcome(rule);
  const requests = isRecord(body) ? body["requests"] : undefined;
  if (!Array.isArray(requests) || requests.length === 0) {
    return errorReply(
      badParameter(
        `A $batch body is {"requests": [{"id", "method", "url", "headers", "body"}, ...]}.`,
      ),
    );
  }
  if (requests.length > MAX_BATCH) {
    return errorReply(
      badParameter(
        `A $batch may hold at most ${MAX_BATCH} requests; this one holds ${requests.length}.`,
      ),
    );
  }
  const responses: Record<string, unknown>[] = [];
  for (const item of requests) {
    const id = isRecord(item) ? String(item["id"] ?? "") : "";
    const sub = isRecord(item) ? invocationOf(state, item) : undefined;
    if (sub === undefined) {
      const reply = errorReply(
        badParameter(
          "Each $batch request needs a POST to .../InvokeCommand with a CmdletInput body.",
        ),
      );
      responses.push({ id, status: reply.status, headers: reply.headers, body: reply.body });
      state.counters.status(reply.status);
      continue;
    }
    const outcome = runInvocation(state, caller, sub);
    // A connection-level fault in one sub-request breaks the whole HTTP exchange.
    if (!isReply(outcome)) return outcome;
    state.counters.status(outcome.status);
    responses.push({
      id,
      status: outcome.status,
      headers: outcome.headers ?? {},
      body: bodyOf(outcome.body),
    });
  }
  return { status: 200, body: { responses } };
}

function invocationOf(state: EmulatorState, item: Record<string, unknown>) {
  const method = String(item["method"] ?? "POST").toUpperCase();
  const rawUrl = item["url"];
  if (method !== "POST" || typeof rawUrl !== "string") return undefined;
  const url = new URL(rawUrl, `${state.url}/adminapi/beta/${state.tenantId}/`);
  const match = /^\/adminapi\/beta\/([^/]+)\/InvokeCommand$/i.exec(url.pathname);
  if (match === null) return undefined;
  const subHeaders = isRecord(item["headers"]) ? item["headers"] : {};
  const prefer = Object.entries(subHeaders).find(([k]) => k.toLowerCase() === "prefer")?.[1];
  return {
    tenant: match[1] as string,
    query: url.searchParams,
    body: item["body"],
    prefer: typeof prefer === "string" ? prefer : undefined,
  };
}

function bodyOf(body: unknown): unknown {
  // Sub-response bodies are JSON; a non-JSON fault body travels as text.
  return Buffer.isBuffer(body) ? body.toString("latin1") : body;
}
