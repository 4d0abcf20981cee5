/**
 * `POST /{tenant}/oauth2/v2.0/token` (and the v1 `/oauth2/token`): the client credentials
 * grant with a secret, a certificate assertion or a federated assertion.
 */
import { randomUUID } from "node:crypto";
import type { Reply } from "../http";
import type { EmulatorState } from "../state";
import type { RegisteredApp } from "./apps";
import { checkClientAssertion } from "./assertion";
import { AADSTS, aadError } from "./errors";
import { tenantNotFound } from "./metadata";

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** Answers a token request. `form` is the parsed body, `authorization` the raw header. */
export function issueToken(
  state: EmulatorState,
  tenant: string,
  form: URLSearchParams,
  authorization: string | undefined,
): Reply {
  if (!state.isTenant(tenant)) return tenantNotFound(tenant);
  const correlationId = form.get("client-request-id") ?? undefined;
  const basic = parseBasic(authorization);
  const clientId = form.get("client_id") ?? basic?.clientId;
  const grant = form.get("grant_type");
  if (grant === null) return missing("grant_type", correlationId);
  if (grant !== "client_credentials") {
    return aadError(
      AADSTS.unsupportedGrant,
      `The provided value for the input parameter 'grant_type' is not valid. Only client_credentials is supported by this emulator.`,
      correlationId,
    );
  }
  if (clientId === undefined || clientId === null) return missing("client_id", correlationId);
  const app = state.apps.get(clientId);
  if (app === undefined) {
    return aadError(
      AADSTS.appNotFound,
      `Application with identifier '${clientId}' was not found in the directory '${state.tenantDomain}'. ` +
        `This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. ` +
        `You may have sent your authentication request to the wrong tenant.`,
      correlationId,
    );
  }
  const credentialFailure = checkCredential(state, app, form, basic?.secret, correlationId);
  if (credentialFailure !== undefined) return credentialFailure;
  const resource = resourceOf(form);
  if (typeof resource !== "string") return resource(correlationId);
  if (stripSlash(resource) !== stripSlash(state.exchangeUrl)) {
    return aadError(
      AADSTS.resourceNotFound,
      `The resource principal named ${resource} was not found in the tenant named ${state.tenantDomain}. ` +
        `This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
      correlationId,
    );
  }
  return tokenResponse(state, app, form.has("client_assertion") ? "2" : "1");
}

function checkCredential(
  state: EmulatorState,
  app: RegisteredApp,
  form: URLSearchParams,
  basicSecret: string | undefined,
  correlationId: string | undefined,
): Reply | undefined {
  const secret = form.get("client_secret") ?? basicSecret;
  const assertion = form.get("client_assertion");
  if (assertion !== null) {
    if (form.get("client_assertion_type") !== JWT_BEARER) {
      return missing("client_assertion_type", correlationId);
    }
    const failure = checkClientAssertion(assertion, {
      app,
      acceptedAudiences: tokenEndpointsOf(state),
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    return failure === undefined
      ? undefined
      : aadError(failure.kind, failure.description, correlationId);
  }
  if (secret !== undefined && secret !== null) {
    if (app.secrets.includes(secret)) return undefined;
    return aadError(
      AADSTS.invalidSecret,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, ` +
        `not the client secret ID, for a secret added to app '${app.clientId}'.`,
      correlationId,
    );
  }
  return aadError(
    AADSTS.missingCredential,
    `The request body must contain the following parameter: 'client_assertion' or 'client_secret'.`,
    correlationId,
  );
}

function resourceOf(form: URLSearchParams): string | ((c: string | undefined) => Reply) {
  const resource = form.get("resource");
  if (resource !== null) return resource;
  const scope = form.get("scope");
  if (scope === null) return (c) => missing("scope", c);
  const scopes = scope.split(" ").filter((s) => s !== "");
  const fullScope = scopes.find((s) => s.endsWith("/.default"));
  if (fullScope === undefined || scopes.length !== 1) {
    return (c) =>
      aadError(
        AADSTS.invalidScope,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        c,
      );
  }
  return fullScope.slice(0, -"/.default".length);
}

function tokenResponse(state: EmulatorState, app: RegisteredApp, appidacr: string): Reply {
  const now = Math.floor(Date.now() / 1000);
  const lifetime = state.faults.tokenLifetimeSeconds;
  const servicePrincipalId = randomUUID();
  const token = state.issuer.mint({
    aud: state.exchangeUrl,
    iss: `${state.url}/${state.tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + lifetime,
    appid: app.clientId,
    appidacr,
    idp: `${state.url}/${state.tenantId}/`,
    idtyp: "app",
    oid: servicePrincipalId,
    sub: servicePrincipalId,
    tid: state.tenantId,
    ...(app.roles.length > 0 ? { roles: app.roles } : {}),
    uti: randomUUID().replace(/-/g, "").slice(0, 22),
    ver: "1.0",
  });
  return {
    status: 200,
    headers: { "cache-control": "no-store, no-cache" },
    body: {
      token_type: "Bearer",
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: token,
    },
  };
}

/** Every URL a certificate assertion may name as its audience. */
function tokenEndpointsOf(state: EmulatorState): string[] {
  const names = [state.tenantId, state.tenantDomain, state.initialDomain];
  return names.flatMap((t) => [
    `${state.url}/${t}/oauth2/v2.0/token`,
    `${state.url}/${t}/oauth2/token`,
    `${state.url}/${t}/v2.0`,
    `${state.url}/${t}/`,
  ]);
}

function missing(parameter: string, correlationId: string | undefined): Reply {
  return aadError(
    AADSTS.missingParameter,
    `The request body must contain the following parameter: '${parameter}'.`,
    correlationId,
  );
}

function parseBasic(header: string | undefined): { clientId: string; secret: string } | undefined {
  if (header === undefined || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return {
    clientId: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, "").toLowerCase();
}
