/**
 * Where settings are looked up, in precedence order: the stack config, the AZURE_* variables,
 * their ARM_* twins, then the GitHub Actions runner. Each level maps a setting to the key it
 * is read from at that level; a level without a key for a setting simply has none.
 */

/** The settings a level can provide, by logical name. */
export type SettingName =
  | "tenant"
  | "clientId"
  | "environment"
  | "authorityHost"
  | "exchangeUrl"
  | "caCertificatePath"
  | "maxConcurrency"
  | "requestsPerSecond"
  | "clientSecret"
  | "certificatePath"
  | "certificatePassword"
  | "federatedTokenFile"
  | "federatedToken"
  | "oidcRequestUrl"
  | "oidcRequestToken";

/** One place settings come from. */
export interface Level {
  /** Whether the keys are stack config keys or environment variables. */
  readonly origin: "config" | "environment";
  /** The key each setting is read from at this level. */
  readonly keys: Partial<Readonly<Record<SettingName, string>>>;
  /** True for the level whose environment names follow the ARM_ENVIRONMENT vocabulary. */
  readonly armEnvironmentNames?: boolean;
}

/** A value together with the label of the key it was read from. */
export interface Found {
  readonly value: string;
  /** e.g. `config exchange:clientSecret` or `environment variable AZURE_CLIENT_ID`. */
  readonly from: string;
}

/** The stack config namespace of this provider. */
export const CONFIG_NAMESPACE = "exchange";

/** The audience Entra ID expects on federated tokens. */
export const FEDERATED_AUDIENCE = "api://AzureADTokenExchange";

const configLevel: Level = {
  origin: "config",
  keys: {
    tenant: "tenantId",
    clientId: "clientId",
    environment: "environment",
    authorityHost: "authorityHost",
    exchangeUrl: "exchangeUrl",
    caCertificatePath: "caCertificatePath",
    maxConcurrency: "maxConcurrency",
    requestsPerSecond: "requestsPerSecond",
    clientSecret: "clientSecret",
    certificatePath: "certificatePath",
    certificatePassword: "certificatePassword",
    federatedTokenFile: "federatedTokenFile",
  },
};

const azureLevel: Level = {
  origin: "environment",
  keys: {
    tenant: "AZURE_TENANT_ID",
    clientId: "AZURE_CLIENT_ID",
    authorityHost: "AZURE_AUTHORITY_HOST",
    // The two overrides without an Azure convention live at this level.
    exchangeUrl: "EXCHANGE_ONLINE_URL",
    caCertificatePath: "EXCHANGE_CA_CERTIFICATE_PATH",
    clientSecret: "AZURE_CLIENT_SECRET",
    certificatePath: "AZURE_CLIENT_CERTIFICATE_PATH",
    certificatePassword: "AZURE_CLIENT_CERTIFICATE_PASSWORD",
    federatedTokenFile: "AZURE_FEDERATED_TOKEN_FILE",
  },
};

const armLevel: Level = {
  origin: "environment",
  armEnvironmentNames: true,
  keys: {
    tenant: "ARM_TENANT_ID",
    clientId: "ARM_CLIENT_ID",
    environment: "ARM_ENVIRONMENT",
    clientSecret: "ARM_CLIENT_SECRET",
    certificatePath: "ARM_CLIENT_CERTIFICATE_PATH",
    certificatePassword: "ARM_CLIENT_CERTIFICATE_PASSWORD",
    federatedTokenFile: "ARM_OIDC_TOKEN_FILE_PATH",
    federatedToken: "ARM_OIDC_TOKEN",
    oidcRequestUrl: "ARM_OIDC_REQUEST_URL",
    oidcRequestToken: "ARM_OIDC_REQUEST_TOKEN",
  },
};

const githubLevel: Level = {
  origin: "environment",
  keys: {
    oidcRequestUrl: "ACTIONS_ID_TOKEN_REQUEST_URL",
    oidcRequestToken: "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
  },
};

/** All levels, highest precedence first. */
export const LEVELS: readonly Level[] = [configLevel, azureLevel, armLevel, githubLevel];

/** The raw inputs: stack config (namespaced keys) and environment variables. */
export interface RawInputs {
  readonly config: Readonly<Record<string, string | undefined>>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The label of the key `setting` is read from at `level`, or undefined when it has none. */
export function keyLabel(level: Level, setting: SettingName): string | undefined {
  const key = level.keys[setting];
  if (key === undefined) return undefined;
  return level.origin === "config"
    ? `config ${CONFIG_NAMESPACE}:${key}`
    : `environment variable ${key}`;
}

/** The short name of a key for lists, e.g. `exchange:clientSecret` or `AZURE_CLIENT_SECRET`. */
export function keyName(level: Level, setting: SettingName): string | undefined {
  const key = level.keys[setting];
  if (key === undefined) return undefined;
  return level.origin === "config" ? `${CONFIG_NAMESPACE}:${key}` : key;
}

/** Reads `setting` at `level`; empty strings count as unset. */
export function readAt(inputs: RawInputs, level: Level, setting: SettingName): Found | undefined {
  const key = level.keys[setting];
  if (key === undefined) return undefined;
  const raw =
    level.origin === "config" ? inputs.config[`${CONFIG_NAMESPACE}:${key}`] : inputs.env[key];
  if (raw === undefined || raw === "") return undefined;
  return { value: raw, from: keyLabel(level, setting) ?? key };
}

/** Reads `setting` from the first level that has it. */
export function readFirst(inputs: RawInputs, setting: SettingName): Found | undefined {
  for (const level of LEVELS) {
    const found = readAt(inputs, level, setting);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Every key, across levels, that `setting` is read from, e.g. for "set one of" messages. */
export function allKeyNames(...settings: SettingName[]): string[] {
  const names: string[] = [];
  for (const level of LEVELS) {
    for (const setting of settings) {
      const name = keyName(level, setting);
      if (name !== undefined) names.push(name);
    }
  }
  return names;
}
