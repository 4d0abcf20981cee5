/**
 * Authentication: where the connection settings come from, the cloud table, the shared TLS
 * agent and access tokens for Exchange Online. Imports nothing from the layers above it.
 */
export { CLOUDS, type CloudEndpoints } from "./clouds";
export { describeCredential } from "./describe";
export { resolveSettings } from "./resolve-settings";
export type { CloudEnvironment, ConnectionSettings, Credential } from "./settings";
export { destroyHttpsAgents, httpsAgentFor } from "./tls";
export {
  forgetTokenProviders,
  tokenProviderFor,
  type AccessToken,
  type GetTokenOptions,
  type TokenProvider,
  type TokenProviderOptions,
} from "./token-provider";
