/**
 * Who is calling InvokeCommand: bearer token (signature, audience, tenant, role, expiry),
 * the app's Exchange role assignment and the routing anchor.
 */
import type { IncomingHttpHeaders } from "node:http";
import { MANAGE_AS_APP, type RegisteredApp } from "../entra/apps";
import type { AccessTokenClaims } from "../entra/tokens";
import { newRequestId, type Reply } from "../http";
import type { EmulatorState } from "../state";
import { errorReply, notAllowed, CmdletError } from "./errors";

/** A caller admitted to run cmdlets. */
export interface Caller {
  app: RegisteredApp;
  claims: AccessTokenClaims;
}

/** Checks the request's credentials for `tenant`; a Reply when refused. */
export function authorize(
  state: EmulatorState,
  tenant: string,
  headers: IncomingHttpHeaders,
): Caller | Reply {
  const header = headers.authorization;
  if (header === undefined || !/^bearer /i.test(header)) {
    return unauthorized(state, "2000001", "The request has no bearer token");
  }
  const claims = state.issuer.verify(header.slice(7).trim());
  if (claims === undefined) {
    return unauthorized(
      state,
      "2000003",
      "The token signature is invalid or the token is malformed",
    );
  }
  if (stripSlash(claims.aud) !== stripSlash(state.exchangeUrl)) {
    return unauthorized(state, "2000003", `The audience '${claims.aud}' is invalid`);
  }
  if (claims.exp <= Math.floor(Date.now() / 1000)) {
    return unauthorized(state, "2000008", "The token has expired");
  }
  if (!state.isTenant(tenant) || claims.tid !== state.tenantId) {
    return unauthorized(
      state,
      "2000005",
      "The token's tenant does not match the organization in the URL",
    );
  }
  const roles = claims.roles ?? [];
  if (!roles.includes(MANAGE_AS_APP)) {
    // The real service answers a token without the beta-API role with a bodiless 403.
    return roles.length > 0
      ? {
          status: 403,
          headers: diagnostics("2000010", "The token lacks the Exchange.ManageAsApp role"),
        }
      : unauthorized(
          state,
          "2000010",
          "The token carries no application roles; grant Exchange.ManageAsApp and admin consent",
        );
  }
  const app = state.apps.get(claims.appid);
  if (app === undefined) return unauthorized(state, "2000011", "The application is not registered");
  if (!app.exchangeRoleAssigned) return errorReply(notAllowed(app.clientId));
  const anchor = headers["x-anchormailbox"];
  if (typeof anchor !== "string" || !/^(APP|UPN|SMTP|Oid):.+/i.test(anchor)) {
    return errorReply(
      new CmdletError(
        400,
        "BadRequest",
        "Microsoft.Exchange.Data.Directory.ADOperationException",
        "Ex5C8E2A",
        `Active Directory operation failed on ${state.initialDomain}. Insufficient access rights to perform the operation. ` +
          `(The request carried no valid X-AnchorMailbox header; send APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${state.tenantId}.)`,
      ),
    );
  }
  return { app, claims };
}

function unauthorized(state: EmulatorState, code: string, reason: string): Reply {
  return {
    status: 401,
    headers: {
      ...diagnostics(code, reason),
      "www-authenticate":
        `Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@${state.tenantId}", ` +
        `token_types="app_asserted_user_v1 service_asserted_app_v1", authorization_uri="${state.url}/common/oauth2/authorize", error="invalid_token"`,
    },
  };
}

function diagnostics(code: string, reason: string): Record<string, string> {
  return {
    "request-id": newRequestId(),
    "x-ms-diagnostics": `${code};reason="${reason}";error_category="invalid_token"`,
  };
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, "").toLowerCase();
}
