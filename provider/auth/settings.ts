/**
 * The shape of a resolved connection: who signs in, where, and with what. Produced by
 * `resolveSettings`, consumed by the token provider and the Exchange client.
 */

/** The Microsoft 365 clouds this provider knows the endpoints of. */
export type CloudEnvironment = "worldwide" | "gcc" | "gcchigh" | "dod" | "china";

/** How the app proves who it is. Chosen as one unit from a single source. */
export type Credential =
  /** A client secret of the app registration. */
  | { readonly kind: "secret"; readonly secret: string }
  /** A PEM file holding the certificate and its private key, optionally encrypted. */
  | { readonly kind: "certificate"; readonly path: string; readonly password?: string }
  /** A file holding a federated JWT (workload identity); re-read for every token request. */
  | { readonly kind: "federatedTokenFile"; readonly path: string }
  /** A federated JWT given inline, e.g. by `ARM_OIDC_TOKEN`. */
  | { readonly kind: "federatedToken"; readonly token: string }
  /** A GitHub Actions OIDC token, fetched from the runner for every token request. */
  | {
      readonly kind: "githubOidc";
      readonly requestUrl: string;
      readonly requestToken: string;
      readonly audience: string;
    };

/** Everything needed to obtain a token and reach Exchange Online. */
export interface ConnectionSettings {
  /** The tenant: a GUID or a verified domain such as `contoso.onmicrosoft.com`. */
  readonly tenant: string;
  /** The application (client) id of the app registration, a GUID. */
  readonly clientId: string;
  /** The cloud the tenant lives in. @default "worldwide" */
  readonly environment: CloudEnvironment;
  /** The Entra ID login origin, e.g. `https://login.microsoftonline.com` (no trailing slash). */
  readonly authorityHost: string;
  /** The Exchange Online origin, e.g. `https://outlook.office365.com`; also the token resource. */
  readonly exchangeUrl: string;
  /** How the app signs in. */
  readonly credential: Credential;
  /** An extra CA certificate (PEM file) to trust besides the system roots. */
  readonly caCertificatePath?: string;
  /** Upper bound on concurrent Exchange requests, when configured. */
  readonly maxConcurrency?: number;
  /** Upper bound on Exchange requests per second, when configured. */
  readonly requestsPerSecond?: number;
  /**
   * Where each value came from, by setting name (`tenant`, `clientId`, `environment`,
   * `authorityHost`, `exchangeUrl`, `credential`, `clientSecret`, ...), e.g.
   * `{ clientSecret: "config exchange:clientSecret" }`. Never holds a value.
   */
  readonly sources: Readonly<Record<string, string>>;
}
