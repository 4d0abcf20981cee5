/**
 * Turns what MSAL throws into a CloudManagedError that says what to fix and where the value
 * came from. MSAL errors and axios errors can quote request bodies, so they are never
 * attached: the cause is a fresh error holding only the codes.
 */
import { CloudManagedError, type ErrorContext, type ErrorKind } from "../errors";
import type { NetworkObservation } from "./network-client";
import type { ConnectionSettings } from "./settings";

type Explain = (from: (setting: string) => string) => string;

interface Diagnosis {
  readonly kind: ErrorKind;
  readonly explain: Explain;
}

const TENANT_NOT_FOUND: Diagnosis = {
  kind: "Unauthorized",
  explain: (from) =>
    `The tenant was not found: check the tenant (${from("tenant")}) and the cloud ` +
    `(${from("environment")}); GCC High and DoD tenants need exchange:environment gcchigh or dod.`,
};

const FEDERATION_MISMATCH: Diagnosis = {
  kind: "Unauthorized",
  explain: (from) =>
    "No federated credential of the app matches the presented token: compare the app's " +
    `federated credentials (issuer, subject, audience api://AzureADTokenExchange) with the token ` +
    `(${from("credential")}).`,
};

/** Entra ID error numbers (AADSTS...) this provider can explain. */
const BY_AADSTS: Readonly<Record<string, Diagnosis>> = {
  "90002": TENANT_NOT_FOUND,
  "900023": TENANT_NOT_FOUND,
  "90072": TENANT_NOT_FOUND,
  "700016": {
    kind: "Unauthorized",
    explain: (from) =>
      `The application was not found in the tenant: check the client id (${from("clientId")}) ` +
      `and the tenant (${from("tenant")}); the app must be registered or consented there.`,
  },
  "7000215": {
    kind: "Unauthorized",
    explain: (from) =>
      `The client secret (${from("credential")}) is wrong: set the secret's Value (not its ` +
      "Secret ID) from Certificates & secrets of the app registration.",
  },
  "7000222": {
    kind: "Unauthorized",
    explain: (from) =>
      `The client secret (${from("credential")}) has expired: create a new secret on the app ` +
      "registration and update the setting.",
  },
  "700027": {
    kind: "Unauthorized",
    explain: (from) =>
      `The client assertion (${from("credential")}) was refused: for a certificate, upload it ` +
      "to the app registration (Certificates & secrets); for a federated token, check that it " +
      "is a valid signed JWT from the configured issuer.",
  },
  "700024": {
    kind: "Unauthorized",
    explain: (from) =>
      `The client assertion (${from("credential")}) is expired or not yet valid: refresh the ` +
      "federated token and check the machine's clock.",
  },
  "70021": FEDERATION_MISMATCH,
  "700211": FEDERATION_MISMATCH,
  "700212": FEDERATION_MISMATCH,
  "700213": FEDERATION_MISMATCH,
  "500011": {
    kind: "Unauthorized",
    explain: (from) =>
      `The tenant has no Exchange Online resource at the requested URL: check the Exchange URL ` +
      `(${from("exchangeUrl")}) and the cloud (${from("environment")}).`,
  },
  "70011": {
    kind: "Unauthorized",
    explain: (from) =>
      `The token scope built from the Exchange URL (${from("exchangeUrl")}) was refused: check ` +
      "the Exchange URL and the cloud.",
  },
  "7000112": {
    kind: "Unauthorized",
    explain: (from) =>
      `The application (${from("clientId")}) is disabled in the tenant: enable its enterprise ` +
      "application (service principal).",
  },
  "53003": {
    kind: "Unauthorized",
    explain: () =>
      "A Conditional Access policy blocked the sign-in: exclude this workload identity from the " +
      "policy or run from an allowed location.",
  },
};

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** The fields of an MSAL error this module reads; all optional, all untrusted. */
interface MsalErrorFields {
  readonly errorCode?: unknown;
  readonly errorMessage?: unknown;
  readonly subError?: unknown;
  readonly errorNo?: unknown;
  readonly status?: unknown;
}

/**
 * Maps a token acquisition failure to a CloudManagedError.
 *
 * @param error - What MSAL (or one of our callbacks) threw.
 * @param settings - Used only for `sources`, to name where values came from.
 * @param observed - The last failed exchange the network module saw during this attempt.
 */
export function tokenError(
  error: unknown,
  settings: ConnectionSettings,
  observed: NetworkObservation | undefined,
): CloudManagedError {
  if (CloudManagedError.isInstance(error)) return error;
  const from = (setting: string): string => `from ${settings.sources[setting] ?? "default"}`;
  const fields = (typeof error === "object" && error !== null ? error : {}) as MsalErrorFields;
  const errorCode = typeof fields.errorCode === "string" ? fields.errorCode : "unknown";
  const aadsts = aadstsNumber(fields) ?? observed?.aadsts;
  const status = typeof fields.status === "number" ? fields.status : observed?.status;
  const transport = observed?.failure;
  const context: ErrorContext = {
    operation: "acquire token",
    ...(observed === undefined ? {} : { method: observed.method, url: observed.url }),
    ...(status === undefined ? {} : { status }),
  };
  const cause = sanitizedCause(errorCode, aadsts, transport);

  const known = aadsts === undefined ? undefined : BY_AADSTS[aadsts];
  if (known !== undefined) {
    return new CloudManagedError(known.kind, known.explain(from), context, { cause });
  }
  if (transport !== undefined && TLS_CODES.has(transport)) {
    return new CloudManagedError(
      "Configuration",
      `The login endpoint's TLS certificate is not trusted (${transport}): if a proxy or ` +
        "private CA signs it, set exchange:caCertificatePath (or EXCHANGE_CA_CERTIFICATE_PATH) " +
        `to that CA's PEM file; check the authority host (${from("authorityHost")}).`,
      context,
      { cause },
    );
  }
  if (isTransient(errorCode, status, transport)) {
    return new CloudManagedError(
      "Transient",
      `Entra ID could not be reached or failed (${transport ?? errorCode}): retry later; ` +
        `if it persists, check the authority host (${from("authorityHost")}) and network access.`,
      context,
      { cause },
    );
  }
  if (
    observed === undefined &&
    (error as { name?: unknown }).name === "ServerError" &&
    !fields.errorMessage
  ) {
    // MSAL answers from its own throttling cache, without a request, for a while after
    // Entra ID said 429 (a minute when the Retry-After it got was fractional).
    return new CloudManagedError(
      "Throttled",
      "Entra ID throttled token requests for this app, and MSAL holds further requests for up " +
        "to a minute: run again in a minute; if it persists, lower exchange:maxConcurrency or " +
        "run with `pulumi up --parallel 8`.",
      context,
      { cause },
    );
  }
  if (errorCode === "endpoints_resolution_error" || errorCode === "untrusted_authority") {
    return new CloudManagedError(
      "Unauthorized",
      `The sign-in endpoints of the tenant could not be discovered: check the tenant ` +
        `(${from("tenant")}) and the authority host (${from("authorityHost")}).`,
      context,
      { cause },
    );
  }
  return new CloudManagedError(
    "Unauthorized",
    `Sign-in to Entra ID failed (${errorCode}${aadsts === undefined ? "" : `, AADSTS${aadsts}`}): ` +
      `check the tenant (${from("tenant")}), the client id (${from("clientId")}) and the ` +
      `credential (${from("credential")}).`,
    context,
    { cause },
  );
}

function aadstsNumber(fields: MsalErrorFields): string | undefined {
  if (typeof fields.errorMessage === "string") {
    const match = /AADSTS(\d{4,9})/.exec(fields.errorMessage);
    if (match?.[1] !== undefined) return match[1];
  }
  if (typeof fields.errorNo === "string" && /^\d{4,9}$/.test(fields.errorNo)) return fields.errorNo;
  return undefined;
}

function isTransient(
  errorCode: string,
  status: number | undefined,
  transport: string | undefined,
): boolean {
  if (transport !== undefined) return true;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  return ["network_error", "temporarily_unavailable", "service_unavailable"].includes(errorCode);
}

function sanitizedCause(
  errorCode: string,
  aadsts: string | undefined,
  transport: string | undefined,
): Error {
  const parts = [errorCode];
  if (aadsts !== undefined) parts.push(`AADSTS${aadsts}`);
  if (transport !== undefined) parts.push(transport);
  const cause = new Error(parts.join(" "));
  cause.name = "TokenEndpointError";
  return cause;
}
