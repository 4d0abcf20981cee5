/**
 * Turns a classified failure into the CloudManagedError the user sees: what happened, in the
 * service's words, and what to do about it.
 */
import { CloudManagedError, type ErrorContext, type ErrorKind } from "../errors";
import type { Classification } from "./classify";

/** The configuration keys and command that lower the request load, for throttling messages. */
export const LOWER_LOAD_ADVICE =
  "Lower the load: set a smaller `exchange:maxConcurrency` or `exchange:requestsPerSecond` " +
  "(pulumi config set), or run `pulumi up --parallel N` with a smaller N.";

const PERMISSION_ADVICE =
  "Check that the app registration has the application permission Exchange.ManageAsApp on " +
  "Office 365 Exchange Online with admin consent, and that its service principal holds an " +
  "Exchange role that allows this cmdlet (the Entra role Exchange Administrator, or a role " +
  "group joined with New-ServicePrincipal and Add-RoleGroupMember).";

const ADVICE: Readonly<Record<ErrorKind, string>> = {
  NotFound:
    "Check the identity (UPN, primary SMTP address, ExternalDirectoryObjectId or GUID); " +
    "a mailbox created moments ago can take a few minutes to become visible.",
  Ambiguous:
    "Use an identity that matches one mailbox, such as its ExternalDirectoryObjectId or " +
    "primary SMTP address.",
  NotEligible:
    "Only directory-synced user, shared, room and equipment mailboxes can be cloud-managed; " +
    "groups, contacts, mail users and cloud-only mailboxes cannot.",
  WriteRefused:
    "On-premises Active Directory still owns this attribute: set IsExchangeCloudManaged to " +
    "true first, or make the change on-premises. After a recent on-premises change, wait for " +
    "the next sync cycle.",
  Forbidden: PERMISSION_ADVICE,
  Unauthorized: "Check the tenant, client id and credential the provider signs in with.",
  Throttled: LOWER_LOAD_ADVICE,
  Transient: "This usually passes on its own: run the command again in a few minutes.",
  InvalidInput: "Check the parameter values sent with this cmdlet.",
  Configuration:
    "Check the configured Exchange URL, that the host is reachable from here, and that its " +
    "certificate authority is trusted (for a private CA, NODE_EXTRA_CA_CERTS).",
  Unknown:
    "If the status is 404 or 405, check that the Exchange URL is the Exchange Online host " +
    "(for example https://outlook.office365.com); otherwise retry, and report the request-id " +
    "if it persists.",
};

const WHAT: Readonly<Record<ErrorKind, string>> = {
  NotFound: "Exchange found no matching object",
  Ambiguous: "The identity matches more than one recipient",
  NotEligible: "The recipient cannot be switched to cloud management",
  WriteRefused: "Exchange refused the write because the object is managed on-premises",
  Forbidden: "Exchange refused the call for lack of permission",
  Unauthorized: "Sign-in to Exchange failed",
  Throttled: "Exchange Online throttled the request",
  Transient: "Exchange Online had a temporary failure",
  InvalidInput: "Exchange rejected the parameters",
  Configuration: "Could not reach the Exchange endpoint",
  Unknown: "Exchange answered with an unexpected failure",
};

/** Builds the error for one classified failure; `cause` must already be sanitized. */
export function failureError(
  classification: Classification,
  context: ErrorContext,
  cause?: Error,
): CloudManagedError {
  const said = classification.serviceMessage ?? classification.networkCode;
  const diagnostics =
    classification.diagnostics === undefined ? "" : ` Diagnostics: ${classification.diagnostics}.`;
  const message =
    `${WHAT[classification.kind]}${said === undefined ? "." : `: ${sentence(said)}`}` +
    `${diagnostics} ${ADVICE[classification.kind]}`;
  const fullContext =
    classification.exceptionType === undefined
      ? context
      : { ...context, exceptionType: classification.exceptionType };
  return new CloudManagedError(
    classification.kind,
    message,
    fullContext,
    cause === undefined ? {} : { cause },
  );
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * A copy of a transport error that keeps its name, code and message and nothing else: the
 * original carries the request configuration, Authorization header included.
 */
export function sanitizedCause(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const copy = new Error(error.message);
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") Object.assign(copy, { code });
  return copy;
}
