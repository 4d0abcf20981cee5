/**
 * Certificates made at run time for the auth tests: a CA, a server certificate for
 * 127.0.0.1, and client certificates with their keys in the PEM forms users bring.
 */
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from "node:crypto";
import forge from "node-forge";

/** A certificate and its key. */
export interface Pair {
  certPem: string;
  key: KeyObject;
  /** Unencrypted PKCS#8. */
  keyPem: string;
}

const DAY_MS = 86_400_000;

/** A CA and a server certificate for 127.0.0.1 and localhost signed by it. */
export function serverPki(): { ca: Pair; server: Pair } {
  const ca = selfSigned("auth tests CA", { ca: true });
  const server = signed("127.0.0.1", ca);
  return { ca, server };
}

/** A self-signed client (or CA) certificate. */
export function selfSigned(
  commonName: string,
  options: { ca?: boolean; notBefore?: Date; notAfter?: Date } = {},
): Pair {
  const key = newKey();
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const certPem = certificate({
    commonName,
    publicKey: key,
    issuerName: commonName,
    issuerKey: key,
    notBefore,
    notAfter: options.notAfter ?? new Date(notBefore.getTime() + DAY_MS),
    extensions:
      options.ca === true
        ? [
            { name: "basicConstraints", cA: true, critical: true },
            { name: "keyUsage", keyCertSign: true, critical: true },
          ]
        : [{ name: "basicConstraints", cA: false }],
  });
  return { certPem, key, keyPem: pkcs8(key) };
}

/** The hex SHA-256 of the DER certificate. */
export function sha256Hex(certPem: string): string {
  const der = forge.asn1
    .toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(certPem)))
    .getBytes();
  return createHash("sha256").update(Buffer.from(der, "binary")).digest("hex");
}

/** The key as encrypted PKCS#8 PEM. */
export function encryptedPkcs8(key: KeyObject, password: string): string {
  return key
    .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: password })
    .toString();
}

/** The key as legacy encrypted PKCS#1 PEM (`Proc-Type: 4,ENCRYPTED`). */
export function encryptedPkcs1(key: KeyObject, password: string): string {
  return key
    .export({ type: "pkcs1", format: "pem", cipher: "aes-256-cbc", passphrase: password })
    .toString();
}

/** The key as unencrypted PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`). */
export function plainPkcs1(key: KeyObject): string {
  return key.export({ type: "pkcs1", format: "pem" }).toString();
}

function signed(commonName: string, issuer: Pair): Pair {
  const key = newKey();
  const certPem = certificate({
    commonName,
    publicKey: key,
    issuerName: "auth tests CA",
    issuerKey: issuer.key,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + DAY_MS),
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 2, value: "localhost" },
        ],
      },
    ],
  });
  return { certPem, key, keyPem: pkcs8(key) };
}

function newKey(): KeyObject {
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
}

function pkcs8(key: KeyObject): string {
  return key.export({ type: "pkcs8", format: "pem" }).toString();
}

interface CertificateSpec {
  commonName: string;
  publicKey: KeyObject;
  issuerName: string;
  issuerKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: object[];
}

function certificate(spec: CertificateSpec): string {
  const cert = forge.pki.createCertificate();
  const spki = createPublicKey(spec.publicKey).export({ type: "spki", format: "pem" }).toString();
  cert.publicKey = forge.pki.publicKeyFromPem(spki);
  cert.serialNumber = `01${randomBytes(15).toString("hex")}`;
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  cert.setSubject([{ name: "commonName", value: spec.commonName }]);
  cert.setIssuer([{ name: "commonName", value: spec.issuerName }]);
  cert.setExtensions([...spec.extensions, { name: "subjectKeyIdentifier" }]);
  cert.sign(forge.pki.privateKeyFromPem(pkcs8(spec.issuerKey)), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
