/**
 * App registrations and credential files made at run time for the credential cases: a
 * certificate app and a federated-credential app on a running emulator, with their files in
 * a temporary folder. Every secret made here is registered for the leak scan.
 */
import {
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  type KeyObject,
} from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  createTestCertificate,
  signJwt,
  type RunningEmulator,
  type TestCertificate,
} from "../../emulator";
import { registerSecret } from "./observe";

const ISSUER = "https://issuer.reliability.test";
const SUBJECT = "system:serviceaccount:reliability:provider";
const AUDIENCE = "api://AzureADTokenExchange";

/** Credentials registered on one emulator, and files that present them. */
export interface TestCredentials {
  readonly certificateClientId: string;
  readonly federatedClientId: string;
  readonly certificate: TestCertificate;
  readonly keyPassword: string;
  /** Writes a file in the temporary folder and returns its path. */
  file(name: string, content: string): string;
  /** A federated token from the registered issuer, valid for `lifetimeSeconds` from `offsetSeconds`. */
  federatedToken(options?: { offsetSeconds?: number; lifetimeSeconds?: number }): string;
  /** Removes the temporary folder. */
  cleanUp(): void;
}

/** Registers a certificate app and a federated app on `emulator`. */
export function registerTestCredentials(emulator: RunningEmulator): TestCredentials {
  const dir = mkdtempSync(path.join(tmpdir(), "reliability-"));
  const certificate = createTestCertificate({ commonName: "reliability-client" });
  const keyPassword = randomBytes(18).toString("base64url");
  const issuerKey: KeyObject = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const certificateClientId = randomUUID();
  const federatedClientId = randomUUID();
  registerSecret("certificate private key", certificate.keyPem);
  registerSecret("certificate key password", keyPassword);
  emulator.control.registerApp({
    clientId: certificateClientId,
    certificatesPem: [certificate.certPem],
  });
  emulator.control.registerApp({
    clientId: federatedClientId,
    federated: [
      {
        issuer: ISSUER,
        subject: SUBJECT,
        audience: AUDIENCE,
        publicKeyPem: createPublicKey(issuerKey).export({ type: "spki", format: "pem" }).toString(),
      },
    ],
  });
  return {
    certificateClientId,
    federatedClientId,
    certificate,
    keyPassword,
    file(name, content) {
      const file = path.join(dir, name);
      writeFileSync(file, content, { mode: 0o600 });
      return file;
    },
    federatedToken({ offsetSeconds = 0, lifetimeSeconds = 600 } = {}) {
      const start = Math.floor(Date.now() / 1000) + offsetSeconds;
      const token = signJwt(
        {
          iss: ISSUER,
          sub: SUBJECT,
          aud: AUDIENCE,
          iat: start,
          nbf: start - 5,
          exp: start + lifetimeSeconds,
        },
        issuerKey,
        { kid: "reliability" },
      );
      registerSecret("federated assertion", token);
      return token;
    },
    cleanUp() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `config` without the given keys, e.g. a stack config with its client secret removed. */
export function withoutKeys(
  config: Readonly<Record<string, string>>,
  ...keys: string[]
): Record<string, string> {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !keys.includes(key)));
}
