/**
 * Token endpoint errors in the shape Entra ID answers them: an OAuth error code plus an
 * `AADSTSnnnn:` description, trace and correlation ids, and a timestamp.
 */
import { randomUUID } from "node:crypto";
import type { Reply } from "../http";

/** The AADSTS codes the emulator produces, with their OAuth error and HTTP status. */
export const AADSTS = {
  tenantNotFound: { code: 90002, error: "invalid_request", status: 400 },
  appNotFound: { code: 700016, error: "unauthorized_client", status: 400 },
  invalidSecret: { code: 7000215, error: "invalid_client", status: 401 },
  missingCredential: { code: 7000216, error: "invalid_client", status: 401 },
  certificateNotRegistered: { code: 700027, error: "invalid_client", status: 401 },
  assertionTimeRange: { code: 700024, error: "invalid_client", status: 400 },
  assertionAudience: { code: 700021, error: "invalid_client", status: 400 },
  assertionMalformed: { code: 50027, error: "invalid_request", status: 400 },
  noFederatedRecord: { code: 70021, error: "invalid_request", status: 400 },
  missingParameter: { code: 900144, error: "invalid_request", status: 400 },
  unsupportedGrant: { code: 70003, error: "unsupported_grant_type", status: 400 },
  invalidScope: { code: 1002012, error: "invalid_scope", status: 400 },
  resourceNotFound: { code: 500011, error: "invalid_resource", status: 400 },
} as const;

/** One entry of {@link AADSTS}. */
export type AadError = (typeof AADSTS)[keyof typeof AADSTS];

/** Builds the reply for an AADSTS error. */
export function aadError(kind: AadError, description: string, correlationId?: string): Reply {
  const traceId = randomUUID();
  const correlation = correlationId ?? randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "Z");
  return {
    status: kind.status,
    headers: { "cache-control": "no-store, no-cache", "x-ms-request-id": traceId },
    body: {
      error: kind.error,
      error_description:
        `AADSTS${kind.code}: ${description} Trace ID: ${traceId} ` +
        `Correlation ID: ${correlation} Timestamp: ${timestamp}`,
      error_codes: [kind.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlation,
      error_uri: `https://login.microsoftonline.com/error?code=${kind.code}`,
    },
  };
}
