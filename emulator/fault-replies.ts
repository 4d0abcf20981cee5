/**
 * What each injected fault looks like on the wire, and the replies for exceeded limits.
 */
import { errorReply, transient, CmdletError } from "./exchange/errors";
import { newRequestId, type Outcome, type Reply } from "./http";
import type { FaultRule } from "./types";

/** Bytes that look like the start of a gzip stream: the unknown-cmdlet 403 body. */
const GZIP_LOOKALIKE = Buffer.from([
  0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0xcb, 0x48,
]);

/** The outcome of a rule that fires before the request is handled. */
export function faultOutcome(rule: FaultRule): Outcome {
  switch (rule.fault) {
    case "429":
      return throttled(rule.retryAfter === undefined ? "1" : rule.retryAfter);
    case "500":
      return errorReply(
        new CmdletError(
          500,
          "InternalServerError",
          "System.Exception",
          "Ex0F3A11",
          "An internal server error occurred. The operation failed.",
        ),
      );
    case "503":
      return plain(503, "Service Unavailable", { "retry-after": rule.retryAfter ?? "" });
    case "504":
      return plain(504, "Gateway Timeout");
    case "transient":
      return errorReply(transient(rule.exceptionType ?? "ADTransientException"));
    case "reset":
      return { action: "reset" };
    case "hang":
      return rule.hangMs === undefined ? { action: "hang" } : { action: "hang", ms: rule.hangMs };
    case "nonJson403":
      return {
        status: 403,
        headers: {
          "content-type": "application/json; charset=utf-8",
          "request-id": newRequestId(),
        },
        body: GZIP_LOOKALIKE,
      };
    default:
      // appliedButFailed and nonTerminating act after the cmdlet ran; the caller handles them.
      return errorReply(
        new CmdletError(500, "InternalServerError", "System.Exception", "Ex0F3A11", ""),
      );
  }
}

/** A 429 for the rate budget or a rule; `retryAfter` null sends no header. */
export function throttled(retryAfter: string | null): Reply {
  const headers: Record<string, string> = { "request-id": newRequestId() };
  if (retryAfter !== null) headers["retry-after"] = retryAfter;
  return {
    status: 429,
    headers,
    body: {
      error: {
        code: "TooManyRequests",
        message:
          "The request was throttled because the tenant exceeded its request budget. Retry after the time in Retry-After.",
      },
    },
  };
}

/** The plain-text 429 the service sends when the tenant's concurrent requests are too many. */
export function concurrencyExceeded(limit: number): Reply {
  return plain(
    429,
    `Tenant has exceeded the limit of ${limit} concurrent requests. The request was refused; retry after the running requests complete.`,
  );
}

/** Formats seconds as a Retry-After value with up to two decimals. */
export function retryAfterValue(seconds: number): string {
  return String(Math.max(0.01, Math.ceil(seconds * 100) / 100));
}

function plain(status: number, text: string, extra: Record<string, string> = {}): Reply {
  const headers: Record<string, string> = {
    "content-type": "text/plain; charset=utf-8",
    "request-id": newRequestId(),
  };
  for (const [k, v] of Object.entries(extra)) if (v !== "") headers[k] = v;
  return { status, headers, body: text };
}
