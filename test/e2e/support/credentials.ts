/**
 * The three ways an app signs in, each made at run time with fresh material, registered on a
 * new app in the emulator, and described by the values that must never leak.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { createTestCertificate, signJwt, type EmulatorControl } from "../../../emulator";

/** A value that must appear nowhere, with a name for failure messages. */
export interface Needle {
  readonly label: string;
  readonly value: string;
  /** A stack config value, so the engine hands it to the provider (and traces it at -v 7+). */
  readonly inStackConfig?: boolean;
}

/** A credential ready to use: its stack config keys and the values that must not leak. */
export interface SignIn {
  readonly clientId: string;
  /** The credential's `exchange:*` config keys (the endpoint keys are added by the caller). */
  readonly config: ConfigMap;
  /** Environment variables that carry the credential instead. */
  readonly env: Record<string, string>;
  readonly needles: readonly Needle[];
}

const FEDERATED_AUDIENCE = "api://AzureADTokenExchange";
// Never contacted: the emulator takes the issuer's public key from the registration.
const FEDERATED_ISSUER = "https://issuer.e2e.invalid";

/** A new app with a generated client secret, in the stack config (encrypted). */
export function secretSignIn(control: EmulatorControl): SignIn {
  const clientId = randomUUID();
  const secret = newSecret();
  control.registerApp({ clientId, secrets: [secret] });
  return {
    clientId,
    config: { "exchange:clientSecret": { value: secret, secret: true } },
    env: {},
    needles: [{ label: "client secret", value: secret, inStackConfig: true }],
  };
}

/** A new app with a generated client secret in AZURE_CLIENT_SECRET, not in the stack. */
export function environmentSecretSignIn(control: EmulatorControl): SignIn {
  const clientId = randomUUID();
  const secret = newSecret();
  control.registerApp({ clientId, secrets: [secret] });
  return {
    clientId,
    config: {},
    env: { AZURE_CLIENT_SECRET: secret },
    needles: [{ label: "client secret from AZURE_CLIENT_SECRET", value: secret }],
  };
}

/** A client secret made now. */
export function newSecret(): string {
  return `e2e~${randomBytes(30).toString("base64url")}`;
}

/** A new app with a generated certificate; the PEM file in `dir` holds it and the key encrypted. */
export function certificateSignIn(control: EmulatorControl, dir: string): SignIn {
  const clientId = randomUUID();
  const cert = createTestCertificate({ commonName: "e2e-secrets" });
  const password = `pw-${randomBytes(18).toString("base64url")}`;
  const encryptedKey = cert.encryptedKeyPem(password);
  const path = join(dir, `${clientId}.pem`);
  writeFileSync(path, cert.certPem + encryptedKey, { mode: 0o600 });
  control.registerApp({ clientId, certificatesPem: [cert.certPem] });
  return {
    clientId,
    config: {
      "exchange:certificatePath": { value: path },
      "exchange:certificatePassword": { value: password, secret: true },
    },
    env: {},
    needles: [
      { label: "certificate password", value: password, inStackConfig: true },
      ...pemBodyLines(encryptedKey).map((value) => ({
        label: "encrypted private key line",
        value,
      })),
      ...pemBodyLines(cert.keyPem).map((value) => ({ label: "decrypted private key line", value })),
    ],
  };
}

/** A new app that trusts a federated issuer; the file in `dir` holds an assertion it signed. */
export function federatedSignIn(control: EmulatorControl, dir: string): SignIn {
  const clientId = randomUUID();
  const issuerKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const subject = `repo:e2e/secrets:ref:refs/heads/${randomUUID()}`;
  control.registerApp({
    clientId,
    federated: [
      {
        issuer: FEDERATED_ISSUER,
        subject,
        audience: FEDERATED_AUDIENCE,
        publicKeyPem: issuerKey.publicKey.export({ type: "spki", format: "pem" }).toString(),
      },
    ],
  });
  const now = Math.floor(Date.now() / 1000);
  const assertion = signJwt(
    {
      iss: FEDERATED_ISSUER,
      sub: subject,
      aud: FEDERATED_AUDIENCE,
      iat: now,
      nbf: now - 5,
      exp: now + 3600,
      jti: randomUUID(),
    },
    issuerKey.privateKey,
    { kid: "e2e" },
  );
  const path = join(dir, `${clientId}.jwt`);
  writeFileSync(path, assertion, { mode: 0o600 });
  const [, , signature = ""] = assertion.split(".");
  return {
    clientId,
    config: { "exchange:federatedTokenFile": { value: path } },
    env: {},
    needles: [
      { label: "federated assertion", value: assertion },
      { label: "federated assertion signature", value: signature },
    ],
  };
}

/** The base64 lines of a PEM body (the header and footer lines say nothing secret). */
function pemBodyLines(pem: string): string[] {
  return pem
    .split(/\r?\n/)
    .filter((line) => line.length >= 40 && !line.startsWith("-----") && !line.includes(":"));
}
