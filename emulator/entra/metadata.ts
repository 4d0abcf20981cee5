/**
 * The discovery documents MSAL reads before asking for a token: OpenID configuration per
 * tenant, instance discovery and the signing keys.
 */
import type { Reply } from "../http";
import type { EmulatorState } from "../state";
import { AADSTS, aadError } from "./errors";

/** `GET /{tenant}/v2.0/.well-known/openid-configuration` (and the v1 path). */
export function openIdConfiguration(state: EmulatorState, tenant: string): Reply {
  if (!state.isTenant(tenant)) return tenantNotFound(tenant);
  const base = `${state.url}/${state.tenantId}`;
  return {
    status: 200,
    body: {
      issuer: `${base}/v2.0`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${state.url}/${state.tenantId}/discovery/v2.0/keys`,
      token_endpoint_auth_methods_supported: [
        "client_secret_post",
        "private_key_jwt",
        "client_secret_basic",
      ],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      tenant_region_scope: "EU",
      cloud_instance_name: "emulator.local",
      cloud_graph_host_name: "graph.emulator.local",
      msgraph_host: "graph.emulator.local",
    },
  };
}

/** `GET /common/discovery/instance`: names this host as its own cloud. */
export function instanceDiscovery(state: EmulatorState): Reply {
  const host = new URL(state.url).host;
  return {
    status: 200,
    body: {
      tenant_discovery_endpoint: `${state.url}/${state.tenantId}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    },
  };
}

/** `GET /{tenant}/discovery/v2.0/keys`. */
export function signingKeys(state: EmulatorState, tenant: string): Reply {
  if (!state.isTenant(tenant)) return tenantNotFound(tenant);
  return { status: 200, body: state.issuer.jwks() };
}

/** AADSTS90002 for a tenant this emulator does not play. */
export function tenantNotFound(tenant: string): Reply {
  return aadError(
    AADSTS.tenantNotFound,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. ` +
      `Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );
}
