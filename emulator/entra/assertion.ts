/**
 * Client assertion checks: a certificate assertion (signed by the app's own key, iss = sub =
 * client id) or a federated one (signed by a trusted external issuer).
 */
import { decodeJwt, verifyJwtSignature, type DecodedJwt } from "../jwt";
import type { RegisteredApp } from "./apps";
import { AADSTS, type AadError } from "./errors";

/** Why an assertion was refused, ready for {@link aadError}. */
export interface AssertionFailure {
  kind: AadError;
  description: string;
}

/** What the token endpoint knows while checking an assertion. */
export interface AssertionContext {
  app: RegisteredApp;
  /** Token endpoint URLs (and issuer) this tenant accepts as certificate assertion `aud`. */
  acceptedAudiences: string[];
  nowSeconds: number;
}

const SKEW_SECONDS = 300;

/** Checks an assertion; undefined when it is accepted. */
export function checkClientAssertion(
  assertion: string,
  ctx: AssertionContext,
): AssertionFailure | undefined {
  const jwt = decodeJwt(assertion);
  if (jwt === undefined) {
    return { kind: AADSTS.assertionMalformed, description: "JWT token is invalid or malformed." };
  }
  const iss = jwt.payload["iss"];
  return iss === ctx.app.clientId ? checkCertificate(jwt, ctx) : checkFederated(jwt, ctx);
}

function checkCertificate(jwt: DecodedJwt, ctx: AssertionContext): AssertionFailure | undefined {
  const sha256 = jwt.header["x5t#S256"];
  const sha1 = jwt.header["x5t"];
  const cert = ctx.app.certificates.find(
    (c) =>
      (typeof sha256 === "string" && c.sha256 === sha256) ||
      (typeof sha1 === "string" && c.sha1 === sha1),
  );
  if (cert === undefined) {
    const shown = typeof sha256 === "string" ? sha256 : String(sha1);
    return {
      kind: AADSTS.certificateNotRegistered,
      description:
        `The certificate with identifier used to sign the client assertion is not registered on application. ` +
        `[Reason - The key was not found., Thumbprint of key used by client: '${shown}', ` +
        `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${ctx.app.clientId}'.]`,
    };
  }
  if (!verifyJwtSignature(jwt, cert.publicKeyPem)) {
    return {
      kind: AADSTS.certificateNotRegistered,
      description: `Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${cert.sha256}']`,
    };
  }
  if (jwt.payload["sub"] !== ctx.app.clientId) {
    return {
      kind: AADSTS.assertionMalformed,
      description: `Client assertion subject must be the client id '${ctx.app.clientId}'.`,
    };
  }
  const aud = jwt.payload["aud"];
  if (typeof aud !== "string" || !ctx.acceptedAudiences.includes(aud)) {
    return {
      kind: AADSTS.assertionAudience,
      description: `Client assertion audience claim does not match Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
    };
  }
  return checkTimes(jwt, ctx.nowSeconds);
}

function checkFederated(jwt: DecodedJwt, ctx: AssertionContext): AssertionFailure | undefined {
  const { iss, sub, aud } = jwt.payload;
  const audiences = Array.isArray(aud) ? aud : [aud];
  const record = ctx.app.federated.find(
    (f) => f.issuer === iss && f.subject === sub && audiences.includes(f.audience),
  );
  if (record === undefined) {
    return {
      kind: AADSTS.noFederatedRecord,
      description:
        `No matching federated identity record found for presented assertion. ` +
        `Assertion Issuer: '${String(iss)}'. Assertion Subject: '${String(sub)}'. Assertion Audience: '${audiences.map(String).join(",")}'. ` +
        `Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
    };
  }
  if (!verifyJwtSignature(jwt, record.publicKeyPem)) {
    return {
      kind: AADSTS.certificateNotRegistered,
      description: `Client assertion failed signature validation. [Reason - The key used to sign the federated token is not published by issuer '${record.issuer}'.]`,
    };
  }
  return checkTimes(jwt, ctx.nowSeconds);
}

function checkTimes(jwt: DecodedJwt, now: number): AssertionFailure | undefined {
  const exp = jwt.payload["exp"];
  const nbf = jwt.payload["nbf"];
  if (typeof exp !== "number") {
    return {
      kind: AADSTS.assertionMalformed,
      description: "Client assertion contains no 'exp' claim.",
    };
  }
  const tooEarly = typeof nbf === "number" && nbf > now + SKEW_SECONDS;
  if (exp + SKEW_SECONDS < now || tooEarly) {
    return {
      kind: AADSTS.assertionTimeRange,
      description:
        `Client assertion is not within its valid time range. Current time: ${isoOf(now)}, ` +
        `assertion valid from ${typeof nbf === "number" ? isoOf(nbf) : "(none)"}, expiry time of assertion ${isoOf(exp)}. ` +
        `Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
    };
  }
  return undefined;
}

function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
