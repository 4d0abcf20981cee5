/**
 * The error hierarchy shared by every layer of the provider. One class, a handful of kinds;
 * the kind decides retries and what the user is told, the context says where it happened.
 */

const BRAND = Symbol.for("exchange-cloud-managed.error");

/** What went wrong, independent of the layer that noticed it. */
export type ErrorKind =
  /** The identity matches no recipient. */
  | "NotFound"
  /** The identity matches more than one recipient. */
  | "Ambiguous"
  /** The recipient exists but the switch does not apply to it (cloud-only, group, soft-deleted...). */
  | "NotEligible"
  /** Exchange refused a write because on-premises AD still owns the attribute. */
  | "WriteRefused"
  /** The app lacks a permission or an Exchange role. */
  | "Forbidden"
  /** Sign-in failed: unknown tenant or app, wrong secret, bad certificate, expired assertion. */
  | "Unauthorized"
  /** The tenant throttled us and the retry budget ran out. */
  | "Throttled"
  /** A failure that may pass on its own (5xx, directory hiccup, reset, timeout). */
  | "Transient"
  /** A parameter or input is malformed. */
  | "InvalidInput"
  /** Provider configuration is missing or contradictory. */
  | "Configuration"
  /** Anything the classifier does not recognise. */
  | "Unknown";

/** Where an error happened. Never holds a credential, token or request body. */
export interface ErrorContext {
  /** The cmdlet or logical operation, e.g. `Set-Mailbox` or `acquire token`. */
  readonly operation?: string;
  readonly method?: string;
  /** The URL without its query string. */
  readonly url?: string;
  readonly status?: number;
  /** The Exchange exception type, e.g. `ManagementObjectNotFoundException`. */
  readonly exceptionType?: string;
  /** The service's `request-id` response header. */
  readonly requestId?: string;
  /** The `client-request-id` this client sent (stable across retries). */
  readonly clientRequestId?: string;
}

/** Base of every error this package throws on purpose. */
export class CloudManagedError extends Error {
  override readonly name: string = "CloudManagedError";
  readonly kind: ErrorKind;
  readonly context: ErrorContext;
  /** Brand that survives duplicate copies of this module. */
  readonly [BRAND] = true;

  constructor(
    kind: ErrorKind,
    message: string,
    context: ErrorContext = {},
    options: { cause?: unknown } = {},
  ) {
    super(withContext(message, context), options.cause === undefined ? undefined : options);
    this.kind = kind;
    this.context = context;
  }

  /** True for any CloudManagedError, also one created by another copy of this package. */
  static isInstance(value: unknown): value is CloudManagedError {
    return typeof value === "object" && value !== null && BRAND in value;
  }
}

/** True when `value` is a CloudManagedError of one of the given kinds. */
export function isErrorOfKind(value: unknown, ...kinds: ErrorKind[]): value is CloudManagedError {
  return CloudManagedError.isInstance(value) && kinds.includes(value.kind);
}

function withContext(message: string, context: ErrorContext): string {
  const parts: string[] = [];
  if (context.operation !== undefined) parts.push(context.operation);
  if (context.method !== undefined && context.url !== undefined) {
    parts.push(`${context.method} ${context.url}`);
  }
  if (context.status !== undefined) parts.push(`HTTP ${context.status}`);
  if (context.exceptionType !== undefined) parts.push(context.exceptionType);
  if (context.requestId !== undefined) parts.push(`request-id ${context.requestId}`);
  if (context.clientRequestId !== undefined) {
    parts.push(`client-request-id ${context.clientRequestId}`);
  }
  return parts.length === 0 ? message : `${message} [${parts.join(", ")}]`;
}
