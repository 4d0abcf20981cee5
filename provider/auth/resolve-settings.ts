import { CloudManagedError } from "../errors";
import { CLOUDS, type CloudEndpoints } from "./clouds";
import { chooseCredential } from "./credential-source";
import type { CloudEnvironment, ConnectionSettings } from "./settings";
import {
  allKeyNames,
  LEVELS,
  readAt,
  readFirst,
  type RawInputs,
  type SettingName,
} from "./sources";
import {
  checkClientId,
  checkEnvironment,
  checkOrigin,
  checkPositiveInteger,
  checkPositiveNumber,
  checkTenant,
  type Checked,
} from "./validate";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Resolves the connection settings from the stack config (as `configure()` receives it, keys
 * namespaced `exchange:*`) and the environment variables. Pure: reads no files, no network.
 *
 * Precedence, per value: config, then `AZURE_*` (plus `EXCHANGE_ONLINE_URL`,
 * `EXCHANGE_CA_CERTIFICATE_PATH`), then `ARM_*`, then GitHub Actions OIDC. The credential is
 * taken whole from the first level that has one. An endpoint comes from the first level that
 * either overrides it or names a cloud, so `exchange:environment` beats `AZURE_AUTHORITY_HOST`.
 *
 * @throws CloudManagedError of kind `Configuration` listing every problem found, naming keys
 *   and variables but never their values.
 */
export function resolveSettings(
  config: Readonly<Record<string, string | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
): ConnectionSettings {
  const inputs: RawInputs = { config, env };
  const problems: string[] = [];
  const sources: Record<string, string> = {};
  const take = <T>(setting: string, from: string, checked: Checked<T>): T | undefined => {
    if (!checked.ok) {
      problems.push(checked.problem);
      return undefined;
    }
    sources[setting] = from;
    return checked.value;
  };

  const tenantFound = readFirst(inputs, "tenant");
  const tenant =
    tenantFound === undefined
      ? missing(problems, "tenant", "the directory (tenant) id GUID or domain")
      : take("tenant", tenantFound.from, checkTenant(tenantFound.value, tenantFound.from));

  const clientFound = readFirst(inputs, "clientId");
  const clientId =
    clientFound === undefined
      ? missing(problems, "clientId", "the application (client) id of the app registration")
      : take("clientId", clientFound.from, checkClientId(clientFound.value, clientFound.from));

  const environment = resolveEnvironment(inputs, problems, sources);
  const authorityHost = resolveEndpoint(inputs, "authorityHost", problems, sources);
  const exchangeUrl = resolveEndpoint(inputs, "exchangeUrl", problems, sources);

  const chosen = chooseCredential(inputs);
  if (chosen.ok) Object.assign(sources, chosen.value.sources);
  else problems.push(chosen.problem);

  const settings: Partial<Mutable<ConnectionSettings>> = {};
  const caFound = readFirst(inputs, "caCertificatePath");
  if (caFound !== undefined) {
    settings.caCertificatePath = caFound.value;
    sources["caCertificatePath"] = caFound.from;
  }
  const concurrency = readFirst(inputs, "maxConcurrency");
  if (concurrency !== undefined) {
    const value = take(
      "maxConcurrency",
      concurrency.from,
      checkPositiveInteger(concurrency.value, concurrency.from),
    );
    if (value !== undefined) settings.maxConcurrency = value;
  }
  const rate = readFirst(inputs, "requestsPerSecond");
  if (rate !== undefined) {
    const value = take("requestsPerSecond", rate.from, checkPositiveNumber(rate.value, rate.from));
    if (value !== undefined) settings.requestsPerSecond = value;
  }

  if (
    problems.length > 0 ||
    tenant === undefined ||
    clientId === undefined ||
    environment === undefined ||
    authorityHost === undefined ||
    exchangeUrl === undefined ||
    !chosen.ok
  ) {
    throw new CloudManagedError("Configuration", describeProblems(problems), {
      operation: "resolve connection settings",
    });
  }
  return {
    ...settings,
    tenant,
    clientId,
    environment,
    authorityHost,
    exchangeUrl,
    credential: chosen.value.credential,
    sources,
  };
}

function missing(problems: string[], setting: SettingName, what: string): undefined {
  problems.push(`Missing ${what}: set one of ${allKeyNames(setting).join(", ")}.`);
  return undefined;
}

function resolveEnvironment(
  inputs: RawInputs,
  problems: string[],
  sources: Record<string, string>,
): CloudEnvironment | undefined {
  for (const level of LEVELS) {
    const found = readAt(inputs, level, "environment");
    if (found === undefined) continue;
    const checked = checkEnvironment(found.value, found.from, level.armEnvironmentNames === true);
    if (!checked.ok) {
      problems.push(checked.problem);
      return undefined;
    }
    sources["environment"] = found.from;
    return checked.value;
  }
  sources["environment"] = "default (worldwide)";
  return "worldwide";
}

/**
 * The first level that either overrides the endpoint or names a cloud decides it; a level
 * that names an invalid cloud already reported its problem in resolveEnvironment.
 */
function resolveEndpoint(
  inputs: RawInputs,
  setting: keyof CloudEndpoints & SettingName,
  problems: string[],
  sources: Record<string, string>,
): string | undefined {
  for (const level of LEVELS) {
    const override = readAt(inputs, level, setting);
    if (override !== undefined) {
      const checked = checkOrigin(override.value, override.from);
      if (!checked.ok) {
        problems.push(checked.problem);
        return undefined;
      }
      sources[setting] = override.from;
      return checked.value;
    }
    const named = readAt(inputs, level, "environment");
    if (named !== undefined) {
      const checked = checkEnvironment(named.value, named.from, level.armEnvironmentNames === true);
      if (!checked.ok) return undefined;
      sources[setting] = `${named.from} (${checked.value})`;
      return CLOUDS[checked.value][setting];
    }
  }
  sources[setting] = "default (worldwide)";
  return CLOUDS.worldwide[setting];
}

function describeProblems(problems: readonly string[]): string {
  if (problems.length === 1) return `Exchange provider configuration: ${problems[0] ?? ""}`;
  return `Exchange provider configuration has ${problems.length} problems:\n${problems
    .map((problem) => `  - ${problem}`)
    .join("\n")}`;
}
