/**
 * Picks the credential as one unit from the first level that has any credential setting, so
 * a secret from the config is never paired with a certificate password from the environment.
 */
import type { Credential } from "./settings";
import {
  allKeyNames,
  FEDERATED_AUDIENCE,
  keyName,
  LEVELS,
  readAt,
  type Found,
  type Level,
  type RawInputs,
  type SettingName,
} from "./sources";

/** The chosen credential and where its parts came from. */
export interface ChosenCredential {
  readonly credential: Credential;
  /** Source label per part, e.g. `{ credential: ..., clientSecret: ... }`. */
  readonly sources: Readonly<Record<string, string>>;
}

const CREDENTIAL_SETTINGS: readonly SettingName[] = [
  "clientSecret",
  "certificatePath",
  "certificatePassword",
  "federatedTokenFile",
  "federatedToken",
  "oidcRequestUrl",
  "oidcRequestToken",
];

/**
 * Returns the credential of the first level that sets any credential key, or a problem
 * sentence when that level's keys are incomplete or contradictory, or when no level has one.
 */
export function chooseCredential(
  inputs: RawInputs,
): { ok: true; value: ChosenCredential } | { ok: false; problem: string } {
  for (const level of LEVELS) {
    const found = readCredentialKeys(inputs, level);
    if (found.size > 0) return credentialAt(level, found);
  }
  return {
    ok: false,
    problem:
      "No credential found. Set one of: " +
      allKeyNames(...CREDENTIAL_SETTINGS).join(", ") +
      " (a client secret, a PEM certificate file, a federated token, or run in GitHub " +
      "Actions with `permissions: id-token: write`).",
  };
}

function readCredentialKeys(inputs: RawInputs, level: Level): Map<SettingName, Found> {
  const found = new Map<SettingName, Found>();
  for (const setting of CREDENTIAL_SETTINGS) {
    const value = readAt(inputs, level, setting);
    if (value !== undefined) found.set(setting, value);
  }
  return found;
}

function credentialAt(
  level: Level,
  found: ReadonlyMap<SettingName, Found>,
): { ok: true; value: ChosenCredential } | { ok: false; problem: string } {
  const name = (setting: SettingName): string => keyName(level, setting) ?? setting;
  const kinds = [
    found.has("clientSecret") ? "clientSecret" : undefined,
    found.has("certificatePath") || found.has("certificatePassword")
      ? "certificatePath"
      : undefined,
    found.has("federatedTokenFile") ? "federatedTokenFile" : undefined,
    found.has("federatedToken") ? "federatedToken" : undefined,
    found.has("oidcRequestUrl") || found.has("oidcRequestToken") ? "oidcRequestUrl" : undefined,
  ].filter((kind): kind is SettingName => kind !== undefined);

  if (kinds.length > 1) {
    return refuse(
      `Several credentials are set at the same level (${kinds.map(name).join(", ")}); ` +
        "keep exactly one so it is clear which one signs in.",
    );
  }
  const sources: Record<string, string> = {};
  for (const [setting, value] of found) sources[setting] = value.from;

  const secret = found.get("clientSecret");
  if (secret !== undefined) {
    return chosen({ kind: "secret", secret: secret.value }, secret.from, sources);
  }
  const certificatePath = found.get("certificatePath");
  const certificatePassword = found.get("certificatePassword");
  if (certificatePassword !== undefined && certificatePath === undefined) {
    return refuse(
      `${name("certificatePassword")} is set but ${name("certificatePath")} is not: set the ` +
        "path of the PEM file holding the certificate and its private key, or unset the password.",
    );
  }
  if (certificatePath !== undefined) {
    const credential: Credential =
      certificatePassword === undefined
        ? { kind: "certificate", path: certificatePath.value }
        : { kind: "certificate", path: certificatePath.value, password: certificatePassword.value };
    return chosen(credential, certificatePath.from, sources);
  }
  const tokenFile = found.get("federatedTokenFile");
  if (tokenFile !== undefined) {
    return chosen({ kind: "federatedTokenFile", path: tokenFile.value }, tokenFile.from, sources);
  }
  const token = found.get("federatedToken");
  if (token !== undefined) {
    return chosen({ kind: "federatedToken", token: token.value }, token.from, sources);
  }
  return githubOidcAt(found, name, sources);
}

function githubOidcAt(
  found: ReadonlyMap<SettingName, Found>,
  name: (setting: SettingName) => string,
  sources: Record<string, string>,
): { ok: true; value: ChosenCredential } | { ok: false; problem: string } {
  const requestUrl = found.get("oidcRequestUrl");
  const requestToken = found.get("oidcRequestToken");
  if (requestUrl === undefined || requestToken === undefined) {
    return refuse(
      `${name("oidcRequestUrl")} and ${name("oidcRequestToken")} must be set together; in ` +
        "GitHub Actions give the job `permissions: id-token: write`.",
    );
  }
  if (!/^https:\/\//i.test(requestUrl.value)) {
    return refuse(`${requestUrl.from} must be an https URL.`);
  }
  return chosen(
    {
      kind: "githubOidc",
      requestUrl: requestUrl.value,
      requestToken: requestToken.value,
      audience: FEDERATED_AUDIENCE,
    },
    requestUrl.from,
    sources,
  );
}

function chosen(
  credential: Credential,
  from: string,
  sources: Record<string, string>,
): { ok: true; value: ChosenCredential } {
  return { ok: true, value: { credential, sources: { ...sources, credential: from } } };
}

function refuse(problem: string): { ok: false; problem: string } {
  return { ok: false, problem };
}
