/**
 * Shape checks for settings. Each returns either the normalised value or a problem sentence
 * that names the key (never the value) and says how to fix it.
 */
import { CLOUD_ENVIRONMENTS, isCloudEnvironment } from "./clouds";
import type { CloudEnvironment } from "./settings";

/** Either a checked value or the reason it was refused. */
export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;
/** Tenant aliases that cannot be used for app-only sign-in. */
const MULTI_TENANT_ALIASES = new Set(["common", "organizations", "consumers"]);

/** True for a GUID in its usual 8-4-4-4-12 form. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** Checks a tenant: a GUID or a domain such as `contoso.onmicrosoft.com`. */
export function checkTenant(value: string, from: string): Checked<string> {
  const tenant = value.trim();
  if (isGuid(tenant) || DOMAIN.test(tenant)) return { ok: true, value: tenant.toLowerCase() };
  if (MULTI_TENANT_ALIASES.has(tenant.toLowerCase())) {
    return refuse(
      `${from} names a multi-tenant alias; app-only sign-in needs one tenant: set its ` +
        `directory (tenant) id GUID or its domain, e.g. contoso.onmicrosoft.com.`,
    );
  }
  return refuse(
    `${from} is not a tenant id: set the directory (tenant) id GUID or a verified domain ` +
      `such as contoso.onmicrosoft.com.`,
  );
}

/** Checks an application (client) id: a GUID. */
export function checkClientId(value: string, from: string): Checked<string> {
  const clientId = value.trim();
  if (isGuid(clientId)) return { ok: true, value: clientId.toLowerCase() };
  return refuse(
    `${from} is not an application (client) id: set the GUID shown as "Application (client) ID" ` +
      `on the app registration's overview page.`,
  );
}

/**
 * Checks an endpoint override and returns its origin. A bare host name is taken as https
 * (AZURE_AUTHORITY_HOST is often written that way); anything but https is refused.
 */
export function checkOrigin(value: string, from: string): Checked<string> {
  const text = value.trim();
  const candidate = text.includes("://") ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return refuse(`${from} is not a URL: set an https origin such as https://login.example.com.`);
  }
  if (url.protocol !== "https:") {
    return refuse(
      `${from} must use https: tokens and Exchange calls are never sent in clear text. ` +
        `Serve the endpoint over TLS and, for a private CA, set exchange:caCertificatePath.`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    return refuse(`${from} must not carry a user name or password: set only the https origin.`);
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search !== "" || url.hash !== "") {
    return refuse(
      `${from} must be an origin without path, query or fragment, e.g. https://login.example.com.`,
    );
  }
  return { ok: true, value: url.origin };
}

/** ARM_ENVIRONMENT names (Terraform azurerm, Pulumi azure-native) and their clouds. */
const ARM_ENVIRONMENT_NAMES: Readonly<Record<string, CloudEnvironment>> = {
  public: "worldwide",
  azurepubliccloud: "worldwide",
  china: "china",
  azurechinacloud: "china",
};
const ARM_US_GOVERNMENT_NAMES = new Set(["usgovernment", "azureusgovernmentcloud"]);

/** Checks a cloud name; ARM vocabulary is also accepted when `armNames` is true. */
export function checkEnvironment(
  value: string,
  from: string,
  armNames: boolean,
): Checked<CloudEnvironment> {
  const name = value.trim().toLowerCase();
  if (isCloudEnvironment(name)) return { ok: true, value: name };
  if (armNames) {
    const mapped = ARM_ENVIRONMENT_NAMES[name];
    if (mapped !== undefined) return { ok: true, value: mapped };
    if (ARM_US_GOVERNMENT_NAMES.has(name)) {
      return refuse(
        `${from} names the US Government cloud, which hosts both GCC High and DoD tenants with ` +
          `different Exchange endpoints: set exchange:environment to gcchigh or dod.`,
      );
    }
  }
  const valid = CLOUD_ENVIRONMENTS.join(", ");
  const extra = armNames ? " (or public, china)" : "";
  return refuse(`${from} is not a known cloud: use one of ${valid}${extra}.`);
}

/** Checks a whole number of at least 1. */
export function checkPositiveInteger(value: string, from: string): Checked<number> {
  const text = value.trim();
  const number = Number(text);
  if (text !== "" && Number.isSafeInteger(number) && number >= 1)
    return { ok: true, value: number };
  return refuse(`${from} must be a whole number of at least 1.`);
}

/** Checks a finite number greater than 0. */
export function checkPositiveNumber(value: string, from: string): Checked<number> {
  const text = value.trim();
  const number = Number(text);
  if (text !== "" && Number.isFinite(number) && number > 0) return { ok: true, value: number };
  return refuse(`${from} must be a number greater than 0.`);
}

function refuse(problem: string): { ok: false; problem: string } {
  return { ok: false, problem };
}
