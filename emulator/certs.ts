/**
 * X.509 material made at run time: the emulator's own CA and HTTPS certificate, and client
 * certificates for tests. Nothing here is ever written to the repository.
 */
import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  X509Certificate,
  type KeyObject,
} from "node:crypto";
import forge from "node-forge";

/** A certificate with its private key, both PEM. */
export interface KeyedCertificate {
  certPem: string;
  keyPem: string;
}

/** A client certificate for app registrations and MSAL's `clientCertificate` option. */
export interface TestCertificate extends KeyedCertificate {
  /** base64url of the SHA-256 of the DER certificate: the `x5t#S256` JWT header value. */
  thumbprintSha256: string;
  /** The same digest in hex, the form MSAL's `clientCertificate.thumbprintSha256` takes. */
  thumbprintSha256Hex: string;
  /** The private key as encrypted PKCS#8 PEM under `password`. */
  encryptedKeyPem(password: string): string;
}

/** Options of {@link createTestCertificate}. */
export interface TestCertificateOptions {
  /** Subject common name. @default "emulator-test-client" */
  commonName?: string;
  /** Validity start. @default one minute ago */
  notBefore?: Date;
  /** Validity end. @default one day after notBefore */
  notAfter?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Makes a self-signed RSA-2048 client certificate. */
export function createTestCertificate(options: TestCertificateOptions = {}): TestCertificate {
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const { privateKey, keyPem, publicKeyPem } = newRsaKey();
  const subject = [{ name: "commonName", value: options.commonName ?? "emulator-test-client" }];
  const cert = buildCertificate({
    subject,
    issuer: subject,
    publicKeyPem,
    signingKeyPem: keyPem,
    notBefore,
    notAfter: options.notAfter ?? new Date(notBefore.getTime() + DAY_MS),
    extensions: [{ name: "basicConstraints", cA: false }],
  });
  const digest = createHash("sha256").update(pemToDer(cert)).digest();
  return {
    certPem: cert,
    keyPem,
    thumbprintSha256: digest.toString("base64url"),
    thumbprintSha256Hex: digest.toString("hex"),
    encryptedKeyPem: (password) =>
      privateKey
        .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: password })
        .toString(),
  };
}

/** A CA and a server certificate for 127.0.0.1/localhost signed by it. */
export interface ServerCredentials {
  ca: KeyedCertificate;
  server: KeyedCertificate;
}

/** Makes a fresh CA and a TLS server certificate valid for 127.0.0.1 and localhost. */
export function createServerCredentials(): ServerCredentials {
  const now = Date.now();
  const caKey = newRsaKey();
  const caSubject = [
    { name: "commonName", value: "Exchange emulator local CA" },
    { name: "organizationName", value: "exchange-cloud-managed emulator" },
  ];
  const caCert = buildCertificate({
    subject: caSubject,
    issuer: caSubject,
    publicKeyPem: caKey.publicKeyPem,
    signingKeyPem: caKey.keyPem,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 30 * DAY_MS),
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const serverKey = newRsaKey();
  const serverCert = buildCertificate({
    subject: [{ name: "commonName", value: "127.0.0.1" }],
    issuer: caSubject,
    publicKeyPem: serverKey.publicKeyPem,
    signingKeyPem: caKey.keyPem,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 30 * DAY_MS),
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
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
  return {
    ca: { certPem: caCert, keyPem: caKey.keyPem },
    server: { certPem: serverCert, keyPem: serverKey.keyPem },
  };
}

/** SHA-256 of a PEM certificate's DER, base64url: the `x5t#S256` form. */
export function thumbprintSha256(certPem: string): string {
  return createHash("sha256").update(pemToDer(certPem)).digest("base64url");
}

/** SHA-1 of a PEM certificate's DER, base64url: the legacy `x5t` form. */
export function thumbprintSha1(certPem: string): string {
  return createHash("sha1").update(pemToDer(certPem)).digest("base64url");
}

/** The public key of a PEM certificate, as SPKI PEM. */
export function publicKeyOfCertificate(certPem: string): string {
  return new X509Certificate(certPem).publicKey.export({ type: "spki", format: "pem" }).toString();
}

function pemToDer(pem: string): Buffer {
  return new X509Certificate(pem).raw;
}

interface RsaKey {
  privateKey: KeyObject;
  keyPem: string;
  publicKeyPem: string;
}

function newRsaKey(): RsaKey {
  // node:crypto generates RSA keys natively, far faster than forge's pure-JS generator.
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKey,
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

interface CertificateSpec {
  subject: forge.pki.CertificateField[];
  issuer: forge.pki.CertificateField[];
  publicKeyPem: string;
  signingKeyPem: string;
  notBefore: Date;
  notAfter: Date;
  extensions: object[];
}

function buildCertificate(spec: CertificateSpec): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(spec.publicKeyPem);
  // Positive serial: a leading 0x00-0x7f byte keeps the DER integer unsigned.
  cert.serialNumber = "01" + randomBytes(15).toString("hex");
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer);
  cert.setExtensions([...spec.extensions, { name: "subjectKeyIdentifier" }]);
  cert.sign(forge.pki.privateKeyFromPem(spec.signingKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
