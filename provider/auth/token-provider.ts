/**
 * Access tokens for Exchange Online: one MSAL confidential client per identity per process,
 * one token request per token lifetime, concurrent callers share the request in flight.
 */
import { ConfidentialClientApplication, LogLevel, type Configuration } from "@azure/msal-node";
import { createHash } from "node:crypto";
import { CloudManagedError } from "../errors";
import { silentLogger, type Logger } from "../log";
import { expiryClaim, stringClaim } from "./claims";
import { entraAuthorityMetadata, isPublicAuthorityHost } from "./clouds";
import { describeCredential } from "./describe";
import { msalCredentialOptions } from "./msal-credential";
import { networkClientFor, type NetworkObservation } from "./network-client";
import type { ConnectionSettings } from "./settings";
import { httpsAgentFor } from "./tls";
import { tokenError } from "./token-errors";
import { isGuid } from "./validate";

/** An app-only access token for Exchange Online. */
export interface AccessToken {
  /** The bearer token. Never log it. */
  readonly token: string;
  /** When the token stops being accepted. */
  readonly expiresOn: Date;
  /** The tenant GUID (the `tid` claim), for the InvokeCommand URL and the anchor mailbox. */
  readonly tenantId: string;
}

/** Options of {@link TokenProvider.getToken}. */
export interface GetTokenOptions {
  /** Skip every cache and ask Entra ID. @default false */
  readonly forceRefresh?: boolean;
  /**
   * The token Exchange just refused (401). A new one is fetched only if the cached token is
   * still that one, so many callers hitting the same 401 cause one request.
   */
  readonly rejectedToken?: string;
}

/** Hands out access tokens, cached until shortly before they expire. */
export interface TokenProvider {
  /**
   * Returns a valid token, from the cache when it has more than five minutes left.
   * Concurrent callers share one request.
   *
   * @throws CloudManagedError of kind `Unauthorized`, `Transient` or `Configuration`.
   */
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
}

/** Options of {@link tokenProviderFor}. */
export interface TokenProviderOptions {
  /** Receives debug lines about acquisitions; never tokens. @default silentLogger */
  readonly logger?: Logger;
}

const REFRESH_MARGIN_MS = 5 * 60 * 1000;
const providers = new Map<string, TokenProvider>();

/**
 * The token provider for `settings`, shared by every caller in the process that signs in as
 * the same app, tenant, endpoints and credential. The first caller's logger is kept.
 */
export function tokenProviderFor(
  settings: ConnectionSettings,
  options: TokenProviderOptions = {},
): TokenProvider {
  const key = cacheKey(settings);
  const existing = providers.get(key);
  if (existing !== undefined) return existing;
  const created = new MsalTokenProvider(settings, options.logger ?? silentLogger);
  providers.set(key, created);
  return created;
}

/** Forgets every token provider (and so every cached token). For tests. */
export function forgetTokenProviders(): void {
  providers.clear();
}

/** Secrets are only ever hashed into the key, together with everything else. */
function cacheKey(settings: ConnectionSettings): string {
  return createHash("sha256")
    .update(
      JSON.stringify([
        settings.authorityHost,
        settings.tenant,
        settings.clientId,
        settings.exchangeUrl,
        settings.caCertificatePath ?? "",
        settings.credential,
        settings.sources,
      ]),
    )
    .digest("hex");
}

class MsalTokenProvider implements TokenProvider {
  private app: Promise<ConfidentialClientApplication> | undefined;
  private cached: AccessToken | undefined;
  private inFlight: { readonly token: Promise<AccessToken>; readonly forced: boolean } | undefined;
  private lastObservation: NetworkObservation | undefined;

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly logger: Logger,
  ) {}

  getToken(options: GetTokenOptions = {}): Promise<AccessToken> {
    const cached = this.cached;
    const fresh =
      cached !== undefined && cached.expiresOn.getTime() - Date.now() > REFRESH_MARGIN_MS;
    const rejected = options.rejectedToken !== undefined && options.rejectedToken === cached?.token;
    const forced = options.forceRefresh === true || rejected;
    if (fresh && !forced) return Promise.resolve(cached);
    // A plain request in flight may be answered from MSAL's cache: not good enough when forced.
    if (this.inFlight !== undefined && (this.inFlight.forced || !forced)) {
      return this.inFlight.token;
    }
    const inFlight = {
      forced,
      token: this.acquire(forced).finally(() => {
        if (this.inFlight === inFlight) this.inFlight = undefined;
      }),
    };
    this.inFlight = inFlight;
    return inFlight.token;
  }

  private async acquire(forceRefresh: boolean): Promise<AccessToken> {
    this.lastObservation = undefined;
    let token: AccessToken;
    try {
      const app = await this.application();
      const result = await app.acquireTokenByClientCredential({
        scopes: [`${this.settings.exchangeUrl}/.default`],
        skipCache: forceRefresh,
      });
      if (result === null || result.accessToken === "") {
        throw new CloudManagedError("Unauthorized", "Entra ID returned no access token.", {
          operation: "acquire token",
        });
      }
      token = this.accessToken(result.accessToken, result.expiresOn);
    } catch (error) {
      throw tokenError(error, this.settings, this.lastObservation);
    }
    this.cached = token;
    this.logger.debug(
      `Acquired a token for ${this.settings.exchangeUrl} with the ${describeCredential(this.settings)}; ` +
        `expires ${token.expiresOn.toISOString()}.`,
    );
    return token;
  }

  private accessToken(token: string, expiresOn: Date | null): AccessToken {
    const tenantId = tenantGuid(stringClaim(token, "tid"), this.settings.tenant);
    if (tenantId === undefined) {
      throw new CloudManagedError(
        "Configuration",
        `The access token carries no tenant id (tid) and the tenant (from ` +
          `${this.settings.sources["tenant"] ?? "settings"}) is a domain: set the tenant GUID instead.`,
        { operation: "acquire token" },
      );
    }
    const expiry = expiresOn ?? expiryClaim(token) ?? new Date(Date.now() + REFRESH_MARGIN_MS);
    return { token, expiresOn: expiry, tenantId: tenantId.toLowerCase() };
  }

  /** Built on first use so file and certificate errors surface from getToken, then reused. */
  private application(): Promise<ConfidentialClientApplication> {
    if (this.app === undefined) {
      this.app = this.createApplication();
      // A failed build (e.g. a certificate file being fixed) is retried on the next call.
      this.app.catch(() => {
        this.app = undefined;
      });
    }
    return this.app;
  }

  private async createApplication(): Promise<ConfidentialClientApplication> {
    const { settings } = this;
    const agent = httpsAgentFor(settings.caCertificatePath);
    const authorityHost = new URL(settings.authorityHost).host;
    const configuration: Configuration = {
      auth: {
        clientId: settings.clientId,
        authority: `${settings.authorityHost}/${settings.tenant}`,
        ...(isPublicAuthorityHost(settings.authorityHost)
          ? {}
          : {
              knownAuthorities: [authorityHost],
              authorityMetadata: entraAuthorityMetadata(settings.authorityHost, settings.tenant),
            }),
        ...(await msalCredentialOptions(settings, agent)),
      },
      system: {
        networkClient: networkClientFor(agent, (observation) => {
          this.lastObservation = observation;
        }),
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (_level, message, containsPii) => {
            if (!containsPii) this.logger.debug(`msal: ${message}`);
          },
        },
      },
    };
    return new ConfidentialClientApplication(configuration);
  }
}

/** The tid claim when it is a GUID, else the configured tenant when it is one. */
function tenantGuid(tid: string | undefined, configured: string): string | undefined {
  if (tid !== undefined && isGuid(tid)) return tid;
  return isGuid(configured) ? configured : undefined;
}
