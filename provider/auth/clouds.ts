import type { CloudEnvironment } from "./settings";

/** The endpoints of one cloud. */
export interface CloudEndpoints {
  /** Entra ID login origin. */
  readonly authorityHost: string;
  /** Exchange Online origin; `${exchangeUrl}/.default` is the token scope. */
  readonly exchangeUrl: string;
}

/** Endpoints per cloud, from the Exchange Online PowerShell module's table. */
export const CLOUDS: Readonly<Record<CloudEnvironment, CloudEndpoints>> = {
  worldwide: {
    authorityHost: "https://login.microsoftonline.com",
    exchangeUrl: "https://outlook.office365.com",
  },
  gcc: {
    authorityHost: "https://login.microsoftonline.com",
    exchangeUrl: "https://outlook.office365.com",
  },
  gcchigh: {
    authorityHost: "https://login.microsoftonline.us",
    exchangeUrl: "https://outlook.office365.us",
  },
  dod: {
    authorityHost: "https://login.microsoftonline.us",
    exchangeUrl: "https://outlook-dod.office365.us",
  },
  china: {
    authorityHost: "https://login.chinacloudapi.cn",
    exchangeUrl: "https://partner.outlook.cn",
  },
};

/** The environments in the order they are listed in messages. */
export const CLOUD_ENVIRONMENTS = Object.keys(CLOUDS) as readonly CloudEnvironment[];

/**
 * Login hosts MSAL trusts without being told. Any other authority host (an emulator, a
 * sovereign test cloud) must be declared as a known authority so MSAL does not ask
 * Microsoft's instance discovery about it.
 */
const PUBLIC_LOGIN_HOSTS: ReadonlySet<string> = new Set([
  "login.microsoftonline.com",
  "login.microsoft.com",
  "login.windows.net",
  "sts.windows.net",
  "login.microsoftonline.us",
  "login.usgovcloudapi.net",
  "login-us.microsoftonline.com",
  "login.chinacloudapi.cn",
  "login.partner.microsoftonline.cn",
]);

/** True when `authorityHost` (an origin) is a Microsoft login host MSAL knows. */
export function isPublicAuthorityHost(authorityHost: string): boolean {
  return PUBLIC_LOGIN_HOSTS.has(new URL(authorityHost).hostname.toLowerCase());
}

/** True when `value` names a cloud environment. */
export function isCloudEnvironment(value: string): value is CloudEnvironment {
  return Object.prototype.hasOwnProperty.call(CLOUDS, value);
}

/**
 * The OpenID endpoints of an Entra-shaped authority, in the form MSAL has built in for the
 * public clouds. Passed for any other authority host, so that MSAL does not fetch the
 * openid-configuration document first: one round trip per run instead of two.
 */
export function entraAuthorityMetadata(authorityHost: string, tenant: string): string {
  const base = `${new URL(authorityHost).origin}/${encodeURIComponent(tenant)}`;
  return JSON.stringify({
    token_endpoint: `${base}/oauth2/v2.0/token`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    issuer: `${base}/v2.0`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
  });
}
