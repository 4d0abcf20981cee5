import type { ConnectionSettings } from "./settings";

const KIND_NAMES = {
  secret: "client secret",
  certificate: "certificate",
  federatedTokenFile: "federated token file",
  federatedToken: "federated token",
  githubOidc: "GitHub Actions OIDC token",
} as const;

/**
 * A one-line description of the credential for logs: its kind and where it came from, never
 * its value. Example: `client secret from config exchange:clientSecret`.
 */
export function describeCredential(settings: ConnectionSettings): string {
  const kind = KIND_NAMES[settings.credential.kind];
  const from = settings.sources["credential"];
  return from === undefined ? kind : `${kind} from ${from}`;
}
