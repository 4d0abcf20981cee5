/**
 * `POST /adminapi/beta/{tenant}/InvokeCommand`: admission (rate budget), authorization,
 * the cmdlet dispatch with per-rule faults, and the 200 envelope.
 */
import type { IncomingHttpHeaders } from "node:http";
import { faultOutcome, retryAfterValue, throttled } from "../fault-replies";
import { isRecord, newRequestId, parseJson, type Outcome, type Reply } from "../http";
import type { EmulatorState } from "../state";
import { authorize, type Caller } from "./bearer";
import type { CmdletRequest, CmdletResult } from "./cmdlet";
import { badParameter, CmdletError, errorReply } from "./errors";
import { getMailbox, getRecipient } from "./get-mailbox";
import { decodeSkipToken, encodeSkipToken, pageSizeOf } from "./paging";
import { selectOf } from "./serialize";
import { setMailbox } from "./set-mailbox";

/** One cmdlet call as it arrives, on its own or inside a $batch. */
export interface Invocation {
  tenant: string;
  query: URLSearchParams;
  body: unknown;
  prefer: string | undefined;
}

/** Handles an InvokeCommand HTTP request after latency has been applied. */
export function handleInvoke(
  state: EmulatorState,
  invocation: Invocation,
  headers: IncomingHttpHeaders,
): Outcome {
  const refused = admitRate(state);
  if (refused !== undefined) return refused;
  const caller = authorize(state, invocation.tenant, headers);
  if (!("app" in caller)) return caller;
  return runInvocation(state, caller, invocation);
}

/** The rate budget check shared with $batch; a 429 when the budget is spent. */
export function admitRate(state: EmulatorState): Reply | undefined {
  const wait = state.faults.takeRateToken();
  return wait === undefined ? undefined : throttled(retryAfterValue(wait));
}

/** Runs one cmdlet for an authorized caller, acting out any matching fault rule. */
export function runInvocation(state: EmulatorState, caller: Caller, inv: Invocation): Outcome {
  const input = isRecord(inv.body) ? inv.body["CmdletInput"] : undefined;
  const name = isRecord(input) ? input["CmdletName"] : undefined;
  const rawParameters = isRecord(input) ? (input["Parameters"] ?? {}) : undefined;
  if (typeof name !== "string" || !isRecord(rawParameters)) {
    return errorReply(
      badParameter(
        `The request body must be {"CmdletInput": {"CmdletName": "<cmdlet>", "Parameters": {...}}}.`,
      ),
    );
  }
  const parameters = rawParameters;
  const handler = HANDLERS[name.toLowerCase()];
  state.counters.cmdlet(handler?.name ?? name);
  const identity = typeof parameters["Identity"] === "string" ? parameters["Identity"] : undefined;
  const rule = state.faults.match({
    target: "invoke",
    cmdlet: name,
    identityMatches: (ruleIdentity) => sameRecipient(state, ruleIdentity, identity),
  });
  if (handler === undefined) return faultOutcome({ fault: "nonJson403" });
  if (rule !== undefined && rule.fault !== "appliedButFailed" && rule.fault !== "nonTerminating") {
    if (handler.writes) logWrite(state, handler.name, identity, parameters, false);
    return faultOutcome(rule);
  }
  try {
    const pageSize = pageSizeOf(inv.prefer);
    const request: CmdletRequest = {
      state,
      caller,
      cmdlet: handler.name,
      parameters,
      select: selectOf(inv.query),
      pageSize: pageSize.size,
      skip: decodeSkipToken(inv.query.get("$skiptoken"), inv.body),
    };
    if (rule?.fault === "nonTerminating")
      return success(state, inv, nonTerminating(handler.name, identity), pageSize);
    const result = handler.run(request);
    if (handler.writes) logWrite(state, handler.name, identity, parameters, true);
    if (rule?.fault === "appliedButFailed") {
      return errorReply(
        new CmdletError(500, "InternalServerError", "System.Exception", "Ex0F3A11", ""),
      );
    }
    return success(state, inv, result, pageSize);
  } catch (error) {
    if (handler.writes) logWrite(state, handler.name, identity, parameters, false);
    if (error instanceof CmdletError) return errorReply(error);
    throw error;
  }
}

interface Handler {
  name: string;
  writes: boolean;
  run(req: CmdletRequest): CmdletResult;
}

const HANDLERS: Record<string, Handler> = {
  "get-mailbox": { name: "Get-Mailbox", writes: false, run: getMailbox },
  "get-recipient": { name: "Get-Recipient", writes: false, run: getRecipient },
  "set-mailbox": { name: "Set-Mailbox", writes: true, run: (req) => setMailbox(req).result },
};

function success(
  state: EmulatorState,
  inv: Invocation,
  result: CmdletResult,
  pageSize: { size: number; applied: boolean },
): Reply {
  const base = `${state.exchangeUrl}/adminapi/beta/${state.tenantId}`;
  const body: Record<string, unknown> = {
    "@odata.context": `${base}/$metadata#Collection(Exchange.GenericHashTable)`,
  };
  if (result.warnings.length > 0) {
    body["adminapi.warnings@odata.type"] = "#Collection(String)";
    body["@adminapi.warnings"] = result.warnings;
  }
  if (result.errors.length > 0) {
    body["adminapi.errors@odata.type"] = "#Collection(String)";
    body["@adminapi.errors"] = result.errors;
  }
  if (result.nextSkip !== undefined) {
    const query = new URLSearchParams(inv.query);
    query.set("$skiptoken", encodeSkipToken(result.nextSkip, inv.body));
    body["@odata.nextLink"] = `${base}/InvokeCommand?${query.toString()}`;
  }
  body["value"] = result.value;
  const headers: Record<string, string> = { "request-id": newRequestId() };
  if (pageSize.applied) headers["preference-applied"] = `odata.maxpagesize=${pageSize.size}`;
  return { status: 200, headers, body };
}

function nonTerminating(cmdlet: string, identity: string | undefined): CmdletResult {
  return {
    value: [],
    warnings: [],
    errors: [
      `Ex1B2E5D|Microsoft.Exchange.Data.Directory.ADTransientException|${cmdlet} on '${identity ?? ""}' did not complete: the directory did not answer in time. No change was made.`,
    ],
  };
}

function logWrite(
  state: EmulatorState,
  cmdlet: string,
  identity: string | undefined,
  parameters: Record<string, unknown>,
  applied: boolean,
): void {
  state.counters.write({ cmdlet, identity: identity ?? "", parameters, applied, at: Date.now() });
}

function sameRecipient(state: EmulatorState, a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  if (a.toLowerCase() === b.toLowerCase()) return true;
  const ids = new Set(state.store.find(a).map((r) => r.ExternalDirectoryObjectId));
  return state.store.find(b).some((r) => ids.has(r.ExternalDirectoryObjectId));
}

/** Parses a request body as JSON, or answers 400. */
export function parseBody(raw: string): unknown {
  const parsed = parseJson(raw);
  if (parsed === undefined) throw badParameter("The request body is not valid JSON.");
  return parsed;
}
