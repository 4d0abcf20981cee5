/**
 * Loads a PEM certificate file for MSAL: the certificate, its SHA-256 thumbprint (computed,
 * never typed by the user) and the private key decrypted to unencrypted PKCS#8 in memory.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { CloudManagedError } from "../errors";

/** What MSAL's `clientCertificate` option wants. */
export interface LoadedCertificate {
  /** Hex SHA-256 thumbprint of the leaf certificate, without colons. */
  readonly thumbprintSha256: string;
  /** The private key as unencrypted PKCS#8 PEM. Lives in memory only. */
  readonly privateKey: string;
  /** The certificate chain as PEM, leaf first, sent in the assertion's `x5c` header. */
  readonly x5c: string;
  /** When the leaf certificate stops being valid. */
  readonly notAfter: Date;
}

/** Where the certificate's path and password came from, for messages. */
export interface CertificateSources {
  readonly path: string;
  readonly password?: string;
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_BLOCK =
  /-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END \1?PRIVATE KEY-----/;

/**
 * Reads and checks the certificate file.
 *
 * @throws CloudManagedError of kind `Configuration` when the file cannot be read, is not PEM,
 *   lacks the certificate or the key, the password is missing or wrong, the key does not
 *   belong to the certificate, or the certificate has expired.
 */
export async function loadCertificate(
  file: string,
  password: string | undefined,
  sources: CertificateSources,
  now: Date = new Date(),
): Promise<LoadedCertificate> {
  const pem = await readPem(file, sources);
  const certificates = (pem.match(CERTIFICATE_BLOCK) ?? []).map(parseCertificate(sources));
  if (certificates.length === 0) {
    throw configuration(
      `The file set by ${sources.path} holds no certificate: put the certificate ` +
        "(-----BEGIN CERTIFICATE-----) and its private key in the same PEM file.",
    );
  }
  const keyPem = KEY_BLOCK.exec(pem)?.[0];
  if (keyPem === undefined) {
    throw configuration(
      `The file set by ${sources.path} holds a certificate but no private key: append the ` +
        "private key (-----BEGIN PRIVATE KEY----- or ENCRYPTED PRIVATE KEY) to the same PEM file.",
    );
  }
  const key = decryptKey(keyPem, password, sources);
  if (key.asymmetricKeyType !== "rsa") {
    throw configuration(
      `The private key in the file set by ${sources.path} is not an RSA key: Entra ID signs ` +
        "client assertions with RSA, so create an RSA certificate (2048 bits or more).",
    );
  }
  const leaf = certificates.find((certificate) => certificate.checkPrivateKey(key));
  if (leaf === undefined) {
    throw configuration(
      `The private key in the file set by ${sources.path} does not belong to any certificate ` +
        "in that file: put the matching certificate and key together.",
    );
  }
  const notAfter = new Date(leaf.validTo);
  if (notAfter.getTime() <= now.getTime()) {
    throw configuration(
      `The certificate in the file set by ${sources.path} expired on ${notAfter.toISOString()}: ` +
        "upload a new certificate to the app registration and point the setting at it.",
    );
  }
  const chain = [leaf, ...certificates.filter((certificate) => certificate !== leaf)];
  return {
    thumbprintSha256: leaf.fingerprint256.replace(/:/g, "").toLowerCase(),
    privateKey: key.export({ type: "pkcs8", format: "pem" }).toString(),
    x5c: chain.map((certificate) => certificate.toString()).join("\n"),
    notAfter,
  };
}

async function readPem(file: string, sources: CertificateSources): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "read error";
    throw configuration(
      `Cannot read the certificate file set by ${sources.path} (${code}): check the path ` +
        "(relative paths start at the Pulumi program's folder) and that the file is readable.",
    );
  }
  const text = bytes.toString("utf8");
  if (!text.includes("-----BEGIN")) {
    throw configuration(
      `The file set by ${sources.path} is not PEM (a PFX/PKCS#12 file?): convert it, e.g. ` +
        "`openssl pkcs12 -in app.pfx -out app.pem`, and point the setting at the PEM file.",
    );
  }
  return text;
}

function parseCertificate(sources: CertificateSources): (block: string) => X509Certificate {
  return (block) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw configuration(
        `A certificate block in the file set by ${sources.path} cannot be parsed: export the ` +
          "certificate again as PEM.",
      );
    }
  };
}

function decryptKey(
  keyPem: string,
  password: string | undefined,
  sources: CertificateSources,
): KeyObject {
  const encrypted = /ENCRYPTED/.test(keyPem);
  const passwordKey = sources.password ?? "the certificate password setting";
  if (encrypted && password === undefined) {
    throw configuration(
      `The private key in the file set by ${sources.path} is encrypted: set its password in ` +
        `${passwordKey}.`,
    );
  }
  try {
    return createPrivateKey(
      encrypted && password !== undefined
        ? { key: keyPem, format: "pem", passphrase: password }
        : { key: keyPem, format: "pem" },
    );
  } catch {
    // The crypto error is dropped on purpose: only the outcome matters and it may quote input.
    throw configuration(
      encrypted
        ? `Cannot decrypt the private key in the file set by ${sources.path} with the password ` +
            `from ${passwordKey}: check the password.`
        : `The private key in the file set by ${sources.path} cannot be parsed: export it ` +
            "again as PEM (PKCS#8 or PKCS#1).",
    );
  }
}

function configuration(message: string): CloudManagedError {
  return new CloudManagedError("Configuration", message, { operation: "load certificate" });
}
