import { expect } from "chai";
import { createPrivateKey } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { loadCertificate } from "../../../provider/auth/certificate";
import { CloudManagedError } from "../../../provider/errors";
import {
  encryptedPkcs1,
  encryptedPkcs8,
  plainPkcs1,
  selfSigned,
  sha256Hex,
  type Pair,
} from "./test-pki";

const PASSWORD = "correct horse battery staple";
const SOURCES = {
  path: "config exchange:certificatePath",
  password: "config exchange:certificatePassword",
};

describe("loadCertificate", () => {
  let dir: string;
  let client: Pair;
  let other: Pair;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "auth-cert-"));
    client = selfSigned("app-cert");
    other = selfSigned("other-cert");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, content: string | Buffer): string {
    const target = path.join(dir, name);
    writeFileSync(target, content);
    return target;
  }

  const good = [
    { name: "an unencrypted PKCS#8 key", key: () => client.keyPem, password: undefined },
    { name: "a PKCS#1 key", key: () => plainPkcs1(client.key), password: undefined },
    {
      name: "an encrypted PKCS#8 key and its password",
      key: () => encryptedPkcs8(client.key, PASSWORD),
      password: PASSWORD,
    },
    {
      name: "an encrypted PKCS#1 key and its password",
      key: () => encryptedPkcs1(client.key, PASSWORD),
      password: PASSWORD,
    },
  ];
  for (const testCase of good) {
    it(`loads ${testCase.name}, computing the SHA-256 thumbprint`, async () => {
      const target = file("good.pem", `${testCase.key()}\n${client.certPem}`);
      const loaded = await loadCertificate(target, testCase.password, SOURCES);
      expect(loaded.thumbprintSha256).to.equal(sha256Hex(client.certPem));
      expect(loaded.privateKey).to.include("-----BEGIN PRIVATE KEY-----");
      expect(createPrivateKey(loaded.privateKey).asymmetricKeyType).to.equal("rsa");
      expect(loaded.x5c).to.include("-----BEGIN CERTIFICATE-----");
    });
  }

  it("picks the certificate matching the key as leaf when the file holds a chain", async () => {
    const target = file("chain.pem", `${other.certPem}\n${client.certPem}\n${client.keyPem}`);
    const loaded = await loadCertificate(target, undefined, SOURCES);
    expect(loaded.thumbprintSha256).to.equal(sha256Hex(client.certPem));
    const first = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(
      loaded.x5c,
    )?.[0];
    expect(sha256Hex(first ?? "")).to.equal(sha256Hex(client.certPem));
    expect(loaded.x5c.match(/BEGIN CERTIFICATE/g)).to.have.length(2);
  });

  const bad: {
    name: string;
    content?: () => string | Buffer;
    password?: string;
    mentions: string[];
  }[] = [
    { name: "a missing file", mentions: ["Cannot read", "ENOENT", SOURCES.path] },
    {
      name: "a PFX file",
      content: () => Buffer.from([0x30, 0x82, 0x0a, 0x00, 0x02]),
      mentions: ["not PEM", "openssl pkcs12"],
    },
    {
      name: "a certificate without key",
      content: () => client.certPem,
      mentions: ["no private key", SOURCES.path],
    },
    {
      name: "a key without certificate",
      content: () => client.keyPem,
      mentions: ["no certificate", SOURCES.path],
    },
    {
      name: "an encrypted key without password",
      content: () => `${client.certPem}${encryptedPkcs8(client.key, PASSWORD)}`,
      mentions: ["encrypted", SOURCES.password],
    },
    {
      name: "a wrong password",
      content: () => `${client.certPem}${encryptedPkcs8(client.key, PASSWORD)}`,
      password: "wrong-password-value",
      mentions: ["Cannot decrypt", SOURCES.password, "check the password"],
    },
    {
      name: "a wrong password for a PKCS#1 key",
      content: () => `${client.certPem}${encryptedPkcs1(client.key, PASSWORD)}`,
      password: "wrong-password-value",
      mentions: ["Cannot decrypt"],
    },
    {
      name: "a key of another certificate",
      content: () => `${client.certPem}${other.keyPem}`,
      mentions: ["does not belong"],
    },
    {
      name: "an expired certificate",
      content: () => {
        const expired = selfSigned("old", {
          notBefore: new Date(Date.now() - 3 * 86_400_000),
          notAfter: new Date(Date.now() - 86_400_000),
        });
        return `${expired.certPem}${expired.keyPem}`;
      },
      mentions: ["expired"],
    },
  ];
  for (const testCase of bad) {
    it(`explains ${testCase.name}, without quoting the password`, async () => {
      const target =
        testCase.content === undefined
          ? path.join(dir, "absent.pem")
          : file("bad.pem", testCase.content());
      const error = await loadCertificate(target, testCase.password, SOURCES).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(CloudManagedError.isInstance(error)).to.equal(true);
      const { kind, message, cause } = error as CloudManagedError;
      expect(kind).to.equal("Configuration");
      for (const text of testCase.mentions) expect(message).to.include(text);
      expect(message).not.to.include("wrong-password-value");
      expect(cause).to.equal(undefined);
    });
  }
});
