/**
 * The one place that decides what an Exchange failure means. Inputs are whatever survived the
 * wire (status, headers, raw body text, a socket error code); the body is never assumed to be
 * JSON, because the service answers some failures with plain text or undecodable bytes.
 */
import type { ErrorKind } from "../errors";

/** Everything known about one failed HTTP exchange. */
export interface FailureEvidence {
  /** HTTP status; absent when no response arrived. */
  readonly status?: number;
  /** Response headers with lower-case names. */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  /** The decoded response body, JSON or not. */
  readonly body?: string;
  /** A socket or client error code such as `ECONNRESET` or `ETIMEDOUT`. */
  readonly networkCode?: string;
  /** The socket or client error message, e.g. `socket hang up`. */
  readonly networkMessage?: string;
}

/** What a failure means, and the service's own words for it. */
export interface Classification {
  readonly kind: ErrorKind;
  /** Short Exchange exception type, e.g. `ManagementObjectNotFoundException`. */
  readonly exceptionType?: string;
  /** The service's explanation, trimmed and made printable. */
  readonly serviceMessage?: string;
  /** The `x-ms-diagnostics` header, which some 403s use as their only explanation. */
  readonly diagnostics?: string;
  /** The socket error code when no response arrived. */
  readonly networkCode?: string;
}

const EXCEPTION_KINDS: Readonly<Record<string, ErrorKind>> = {
  ManagementObjectNotFoundException: "NotFound",
  ManagementObjectAmbiguousException: "Ambiguous",
  ADTransientException: "Transient",
  DCOverloadedException: "Transient",
  SuitabilityDirectoryException: "Transient",
  ServerInMMException: "Transient",
  ADServerSettingsChangedException: "Transient",
  StorageTransientException: "Transient",
  ParameterBindingException: "InvalidInput",
  ParameterBindingValidationException: "InvalidInput",
  InvalidOperationOnSyncedObjectException: "WriteRefused",
  CmdletAccessDeniedException: "Forbidden",
  UnauthorizedAccessException: "Forbidden",
};

/** Families of exception names not listed one by one, checked in order. */
const EXCEPTION_FAMILIES: ReadonlyArray<readonly [RegExp, ErrorKind]> = [
  [/Transient/, "Transient"],
  [/Throttl|Overbudget/i, "Throttled"],
  [/ParameterBinding|Validation|Argument/, "InvalidInput"],
];

/** Phrases in the service's text, checked in order; the first match wins. */
const MESSAGE_PATTERNS: ReadonlyArray<readonly [RegExp, ErrorKind]> = [
  [/matches multiple entries/i, "Ambiguous"],
  [
    /synchroni[sz]ed from your on-premises|out of the current user's write scope|should be performed on the object in your on-premises/i,
    "WriteRefused",
  ],
  [
    /not eligible|IsExchangeCloudManaged.*\b(only|not supported|cannot|can't|isn't|not allowed)\b/i,
    "NotEligible",
  ],
  [
    /not allowed to run the cmdlet|isn't allowed to run|role .*(not|isn't) supported|(not|isn't) supported in this scenario|access (is )?denied|INSUFF_ACCESS_RIGHTS|insufficient access rights/i,
    "Forbidden",
  ],
  [/concurrent|throttl|too many requests/i, "Throttled"],
  [/couldn't be found on|could not be found on/i, "NotFound"],
  [/try again later|temporarily unavailable|server is busy/i, "Transient"],
];

const STATUS_KINDS: Readonly<Record<number, ErrorKind>> = {
  400: "InvalidInput",
  401: "Forbidden",
  403: "Forbidden",
  408: "Transient",
  422: "InvalidInput",
  429: "Throttled",
  500: "Transient",
  502: "Transient",
  503: "Transient",
  504: "Transient",
};

const TRANSIENT_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ETIMEDOUT",
  "ECONNABORTED",
  "ESOCKETTIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
  "ECONNREFUSED",
]);

const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|EPROTO/;
// A refused connection is retried (a service restarting mid-run); a name that does not
// resolve or a network with no route is a setting to fix.
const UNREACHABLE_CODES = new Set(["ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH"]);

const MAX_MESSAGE = 2000;

/** Maps one failed HTTP exchange (or a socket failure) to an error kind. */
export function classifyFailure(evidence: FailureEvidence): Classification {
  const diagnostics = printable(header(evidence, "x-ms-diagnostics"));
  if (evidence.status === undefined) return classifyNetwork(evidence);

  const parsed = parseBody(evidence.body);
  const exceptionType = parsed.exceptionType ?? shortName(header(evidence, "x-exceptiontype"));
  const kind =
    kindOfException(exceptionType) ??
    kindOfText(`${parsed.message ?? ""} ${diagnostics ?? ""}`) ??
    STATUS_KINDS[evidence.status] ??
    "Unknown";
  return { kind, ...compact({ exceptionType, serviceMessage: parsed.message, diagnostics }) };
}

/**
 * Classifies the `@adminapi.errors` of a 2xx answer: non-terminating cmdlet errors that mean the
 * call did not (fully) succeed. Their exact shape is undocumented, so every string inside counts.
 */
export function classifyAdminApiErrors(errors: unknown): Classification {
  const details = collectStrings(errors).map(parseDetail);
  const text = printable(details.map((detail) => detail.text).join(" | "));
  const exceptionType = details.find((detail) => detail.exceptionType !== undefined)?.exceptionType;
  const kind = kindOfException(exceptionType) ?? kindOfText(text ?? "") ?? "Unknown";
  return { kind, ...compact({ exceptionType, serviceMessage: text }) };
}

/** True when a 2xx body carries non-terminating errors. */
export function hasAdminApiErrors(errors: unknown): boolean {
  if (errors === undefined || errors === null) return false;
  if (Array.isArray(errors)) return errors.length > 0;
  return true;
}

function classifyNetwork(evidence: FailureEvidence): Classification {
  const code = evidence.networkCode;
  const message = evidence.networkMessage ?? "";
  const base = compact({ networkCode: code, serviceMessage: printable(message) });
  if (code !== undefined && TRANSIENT_NETWORK_CODES.has(code))
    return { ...base, kind: "Transient" };
  if (/socket hang up|timeout|timed out|aborted/i.test(message))
    return { ...base, kind: "Transient" };
  if (code !== undefined && (TLS_CODE.test(code) || UNREACHABLE_CODES.has(code))) {
    return { ...base, kind: "Configuration" };
  }
  return { ...base, kind: "Unknown" };
}

interface ParsedBody {
  readonly exceptionType?: string;
  readonly message?: string;
}

/** Reads the OData error envelope when there is one, and plain text otherwise. */
function parseBody(body: string | undefined): ParsedBody {
  if (body === undefined || body.trim() === "") return {};
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return compact({ message: printable(body) });
  }
  const error = field(json, "error");
  const detail = field(first(field(error, "details")), "message");
  if (typeof detail === "string") {
    const parsed = parseDetail(detail);
    return compact({ exceptionType: parsed.exceptionType, message: printable(parsed.text) });
  }
  const message = field(error, "message") ?? field(json, "message");
  const text = typeof message === "string" ? message : body;
  return compact({ exceptionType: exceptionIn(text), message: printable(text) });
}

/** Splits `<id>|<Namespace.ExceptionType>|<text>`; tolerates a detail without the id prefix. */
function parseDetail(detail: string): { exceptionType?: string; text: string } {
  const parts = detail.split("|");
  if (parts.length >= 3 && /Exception$/.test(parts[1] ?? "")) {
    return { text: parts.slice(2).join("|"), ...compact({ exceptionType: shortName(parts[1]) }) };
  }
  return { text: detail, ...compact({ exceptionType: exceptionIn(detail) }) };
}

function kindOfException(exceptionType: string | undefined): ErrorKind | undefined {
  if (exceptionType === undefined) return undefined;
  const exact = EXCEPTION_KINDS[exceptionType];
  if (exact !== undefined) return exact;
  return EXCEPTION_FAMILIES.find(([pattern]) => pattern.test(exceptionType))?.[1];
}

function kindOfText(text: string): ErrorKind | undefined {
  return MESSAGE_PATTERNS.find(([pattern]) => pattern.test(text))?.[1];
}

function exceptionIn(text: string): string | undefined {
  const match = /([A-Za-z][\w.]*Exception)\b/.exec(text);
  return shortName(match?.[1]);
}

function shortName(type: string | undefined): string | undefined {
  const trimmed = type?.trim();
  if (trimmed === undefined || trimmed === "") return undefined;
  return trimmed.split(".").pop();
}

function header(evidence: FailureEvidence, name: string): string | undefined {
  return evidence.headers?.[name];
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : undefined;
}

function collectStrings(value: unknown, depth = 0): string[] {
  if (typeof value === "string") return [value];
  if (depth > 4 || typeof value !== "object" || value === null) return [];
  return Object.values(value).flatMap((item) => collectStrings(item, depth + 1));
}

/** Trims service text to something safe to show: printable, bounded; undefined when binary. */
function printable(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const controls = text.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0;
  if (controls > text.length / 10) return undefined;
  const clean = text
    .replace(/[\u0000-\u001f\ufffd]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (clean === "") return undefined;
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}...` : clean;
}

/** Drops undefined members, which `exactOptionalPropertyTypes` does not allow to be assigned. */
function compact<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
