import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CloudManagedError } from "../../../provider/errors";
import type { ConnectionSettings, Credential } from "../../../provider/auth";
import { tokenProviderFor } from "../../../provider/auth";
import { destroyHttpsAgents } from "../../../provider/auth/tls";
import { forgetTokenProviders } from "../../../provider/auth/token-provider";
import { startFakeEntra, type FakeEntra } from "./fake-entra";
import { encryptedPkcs8, selfSigned, type Pair } from "./test-pki";

const CLIENT_ID = "11111111-2222-4333-8444-555555555555";
const SECRET = "S3cr3t~value-that-must-never-leak";
const PASSWORD = "key-password-never-shown";
const CREDENTIAL_SOURCES: Record<Credential["kind"], string> = {
  secret: "config exchange:clientSecret",
  certificate: "config exchange:certificatePath",
  federatedTokenFile: "config exchange:federatedTokenFile",
  federatedToken: "environment variable ARM_OIDC_TOKEN",
  githubOidc: "environment variable ACTIONS_ID_TOKEN_REQUEST_URL",
};

/** Every string an error exposes: message, stack, own properties, down the cause chain. */
function everythingIn(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth += 1) {
    if (current instanceof Error) parts.push(current.message, current.stack ?? "");
    parts.push(JSON.stringify(current, Object.getOwnPropertyNames(current)));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join("\n");
}

async function failureOf(promise: Promise<unknown>): Promise<CloudManagedError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!CloudManagedError.isInstance(caught))
    throw new Error(`expected a CloudManagedError, got ${String(caught)}`);
  return caught;
}

describe("tokenProviderFor against a local token endpoint", function () {
  let entra: FakeEntra;
  let dir: string;
  let caPath: string;

  before(async () => {
    entra = await startFakeEntra();
    dir = mkdtempSync(path.join(tmpdir(), "auth-token-"));
    caPath = path.join(dir, "ca.pem");
    writeFileSync(caPath, entra.caPem);
  });
  after(async () => {
    destroyHttpsAgents();
    await entra.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    forgetTokenProviders();
    entra.apps.clear();
    entra.tokenRequests.length = 0;
    entra.requests.length = 0;
    entra.failNext = 0;
  });

  function settings(
    credential: Credential,
    overrides: Partial<ConnectionSettings> = {},
  ): ConnectionSettings {
    return {
      tenant: entra.tenantDomain,
      clientId: CLIENT_ID,
      environment: "worldwide",
      authorityHost: entra.origin,
      exchangeUrl: "https://outlook.office365.com",
      credential,
      caCertificatePath: caPath,
      sources: {
        tenant: "config exchange:tenantId",
        clientId: "config exchange:clientId",
        credential: CREDENTIAL_SOURCES[credential.kind],
        authorityHost: "config exchange:authorityHost",
        exchangeUrl: "default (worldwide)",
        environment: "default (worldwide)",
      },
      ...overrides,
    };
  }

  it("gets a token with a client secret and reads the tenant GUID from the tid claim", async () => {
    entra.apps.set(CLIENT_ID, { clientId: CLIENT_ID, secret: SECRET });
    const token = await tokenProviderFor(settings({ kind: "secret", secret: SECRET })).getToken();
    expect(token.tenantId).to.equal(entra.tenantId);
    expect(token.expiresOn.getTime()).to.be.greaterThan(Date.now() + 50 * 60 * 1000);
    expect(token.token.split(".")).to.have.length(3);
  });

  it("asks an authority outside the public clouds for the token only, as MSAL does for those", async () => {
    entra.apps.set(CLIENT_ID, { clientId: CLIENT_ID, secret: SECRET });
    await tokenProviderFor(settings({ kind: "secret", secret: SECRET })).getToken();
    expect(entra.requests).to.deep.equal([`POST /${entra.tenantDomain}/oauth2/v2.0/token`]);
  });

  it("shares one provider and one token request among concurrent callers", async () => {
    entra.apps.set(CLIENT_ID, { clientId: CLIENT_ID, secret: SECRET });
    const provider = tokenProviderFor(settings({ kind: "secret", secret: SECRET }));
    expect(tokenProviderFor(settings({ kind: "secret", secret: SECRET }))).to.equal(provider);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => provider.getToken()));
    await provider.getToken();
    expect(new Set(tokens.map((t) => t.token)).size).to.equal(1);
    expect(entra.tokenRequests).to.have.length(1);
  });

  it("keeps separate providers for separate credentials", () => {
    const one = tokenProviderFor(settings({ kind: "secret", secret: SECRET }));
    const two = tokenProviderFor(settings({ kind: "secret", secret: `${SECRET}-rotated` }));
    expect(one).not.to.equal(two);
  });

  it("asks again when forced, and when the token is about to expire", async () => {
    entra.apps.set(CLIENT_ID, { clientId: CLIENT_ID, secret: SECRET });
    const provider = tokenProviderFor(settings({ kind: "secret", secret: SECRET }));
    await provider.getToken();
    await provider.getToken({ forceRefresh: true });
    expect(entra.tokenRequests).to.have.length(2);
    entra.tokenLifetimeSeconds = 120;
    try {
      await provider.getToken({ forceRefresh: true });
      await provider.getToken();
    } finally {
      entra.tokenLifetimeSeconds = 3600;
    }
    expect(entra.tokenRequests).to.have.length(4);
  });

  it("refreshes once when many callers report the same rejected token", async () => {
    entra.apps.set(CLIENT_ID, { clientId: CLIENT_ID, secret: SECRET });
    const provider = tokenProviderFor(settings({ kind: "secret", secret: SECRET }));
    const first = await provider.getToken();
    const renewed = await Promise.all(
      Array.from({ length: 10 }, () => provider.getToken({ rejectedToken: first.token })),
    );
    const late = await provider.getToken({ rejectedToken: first.token });
    expect(entra.tokenRequests).to.have.length(2);
    expect(new Set([...renewed, late].map((t) => t.token))).to.have.property("size", 1);
  });

  it("does not let a forced refresh settle for a plain request already in flight", async () => {
    entra.apps.set(CLIENT_ID, { clientId: CLIENT_ID, secret: SECRET });
    const provider = tokenProviderFor(settings({ kind: "secret", secret: SECRET }));
    entra.tokenLifetimeSeconds = 120;
    try {
      await provider.getToken();
      const plain = provider.getToken();
      const alsoPlain = provider.getToken();
      const forced = provider.getToken({ forceRefresh: true });
      expect(plain).to.equal(alsoPlain);
      expect(forced).not.to.equal(plain);
      await Promise.all([plain, forced]);
    } finally {
      entra.tokenLifetimeSeconds = 3600;
    }
    expect(entra.tokenRequests).to.have.length(3);
  });

  describe("with a certificate", () => {
    let client: Pair;
    let dirFile: (name: string, content: string) => string;

    before(() => {
      client = selfSigned("exchange-app");
      dirFile = (name, content) => {
        const target = path.join(dir, name);
        writeFileSync(target, content);
        return target;
      };
    });

    const keys = [
      { name: "an unencrypted key", key: () => client.keyPem, password: undefined },
      {
        name: "an encrypted key",
        key: () => encryptedPkcs8(client.key, PASSWORD),
        password: PASSWORD,
      },
    ];
    for (const testCase of keys) {
      it(`signs a client assertion the token endpoint verifies, from ${testCase.name}`, async () => {
        entra.apps.set(CLIENT_ID, { clientId: CLIENT_ID, certificatePem: client.certPem });
        const file = dirFile("app.pem", `${client.certPem}${testCase.key()}`);
        const credential: Credential =
          testCase.password === undefined
            ? { kind: "certificate", path: file }
            : { kind: "certificate", path: file, password: testCase.password };
        const token = await tokenProviderFor(settings(credential)).getToken();
        expect(token.tenantId).to.equal(entra.tenantId);
        expect(entra.tokenRequests[0]).to.match(/^ey/);
      });
    }

    it("explains a wrong password without showing it", async () => {
      const file = dirFile(
        "encrypted.pem",
        `${client.certPem}${encryptedPkcs8(client.key, PASSWORD)}`,
      );
      const error = await failureOf(
        tokenProviderFor(
          settings(
            { kind: "certificate", path: file, password: "not-the-password" },
            {
              sources: {
                credential: "environment variable AZURE_CLIENT_CERTIFICATE_PATH",
                certificatePassword: "environment variable AZURE_CLIENT_CERTIFICATE_PASSWORD",
              },
            },
          ),
        ).getToken(),
      );
      expect(error.kind).to.equal("Configuration");
      expect(error.message).to.include("AZURE_CLIENT_CERTIFICATE_PASSWORD");
      expect(everythingIn(error)).not.to.include("not-the-password");
      expect(entra.tokenRequests).to.have.length(0);
    });

    it("explains a certificate the app does not know", async () => {
      entra.apps.set(CLIENT_ID, {
        clientId: CLIENT_ID,
        certificatePem: selfSigned("other").certPem,
      });
      const file = dirFile("unknown.pem", `${client.certPem}${client.keyPem}`);
      const error = await failureOf(
        tokenProviderFor(settings({ kind: "certificate", path: file })).getToken(),
      );
      expect(error.kind).to.equal("Unauthorized");
      expect(error.message).to.include("upload it to the app registration");
      expect(everythingIn(error)).not.to.include("PRIVATE KEY");
    });
  });

  describe("with federated tokens", () => {
    it("re-reads the token file on every acquisition", async () => {
      entra.apps.set(CLIENT_ID, {
        clientId: CLIENT_ID,
        federatedTokens: new Set(["fed-1", "fed-2"]),
      });
      const file = path.join(dir, "federated-token");
      writeFileSync(file, "fed-1\n");
      const provider = tokenProviderFor(settings({ kind: "federatedTokenFile", path: file }));
      await provider.getToken();
      writeFileSync(file, "fed-2");
      await provider.getToken({ forceRefresh: true });
      expect(entra.tokenRequests).to.deep.equal(["fed-1", "fed-2"]);
    });

    it("explains a missing token file, naming its variable", async () => {
      const error = await failureOf(
        tokenProviderFor(
          settings(
            { kind: "federatedTokenFile", path: path.join(dir, "absent") },
            { sources: { credential: "environment variable AZURE_FEDERATED_TOKEN_FILE" } },
          ),
        ).getToken(),
      );
      expect(error.kind).to.equal("Configuration");
      expect(error.message).to.include("AZURE_FEDERATED_TOKEN_FILE").and.include("ENOENT");
    });

    it("sends an inline federated token", async () => {
      entra.apps.set(CLIENT_ID, { clientId: CLIENT_ID, federatedTokens: new Set(["inline-jwt"]) });
      await tokenProviderFor(settings({ kind: "federatedToken", token: "inline-jwt" })).getToken();
      expect(entra.tokenRequests).to.deep.equal(["inline-jwt"]);
    });

    it("explains a token no federated credential matches, without showing it", async () => {
      entra.apps.set(CLIENT_ID, { clientId: CLIENT_ID, federatedTokens: new Set(["expected"]) });
      const error = await failureOf(
        tokenProviderFor(
          settings({ kind: "federatedToken", token: "unexpected-jwt-text" }),
        ).getToken(),
      );
      expect(error.kind).to.equal("Unauthorized");
      expect(error.message).to.include("federated credential");
      expect(everythingIn(error)).not.to.include("unexpected-jwt-text");
    });

    it("fetches a fresh GitHub Actions OIDC token for every acquisition", async () => {
      entra.apps.set(CLIENT_ID, {
        clientId: CLIENT_ID,
        federatedTokens: new Set(["github-oidc-1", "github-oidc-2", "github-oidc-3"]),
      });
      const provider = tokenProviderFor(
        settings({
          kind: "githubOidc",
          requestUrl: `${entra.origin}/github/token?api-version=2.0`,
          requestToken: entra.githubRequestToken,
          audience: "api://AzureADTokenExchange",
        }),
      );
      await provider.getToken();
      await provider.getToken({ forceRefresh: true });
      expect(entra.tokenRequests.slice(-2)).to.deep.equal(entra.githubTokensIssued.slice(-2));
      expect(new Set(entra.tokenRequests).size).to.equal(2);
    });

    it("explains a refused GitHub request token without showing it", async () => {
      const error = await failureOf(
        tokenProviderFor(
          settings({
            kind: "githubOidc",
            requestUrl: `${entra.origin}/github/token?api-version=2.0`,
            requestToken: "stale-request-token",
            audience: "api://AzureADTokenExchange",
          }),
        ).getToken(),
      );
      expect(error.kind).to.equal("Unauthorized");
      expect(error.message).to.include("id-token: write");
      expect(everythingIn(error))
        .not.to.include("stale-request-token")
        .and.not.include("api-version");
    });
  });

  describe("error mapping", () => {
    it("names where a wrong secret came from and never shows it", async () => {
      entra.apps.set(CLIENT_ID, { clientId: CLIENT_ID, secret: "the-right-one" });
      const error = await failureOf(
        tokenProviderFor(settings({ kind: "secret", secret: SECRET })).getToken(),
      );
      expect(error.kind).to.equal("Unauthorized");
      expect(error.message).to.include("config exchange:clientSecret").and.include("Secret ID");
      expect((error.cause as Error).message).to.include("AADSTS7000215");
      const all = everythingIn(error);
      expect(all).not.to.include(SECRET);
      expect(all).not.to.include("client_secret=");
    });

    it("names the tenant setting when the tenant does not exist", async () => {
      entra.apps.set(CLIENT_ID, { clientId: CLIENT_ID, secret: SECRET });
      const error = await failureOf(
        tokenProviderFor(
          settings({ kind: "secret", secret: SECRET }, { tenant: "fabrikam.onmicrosoft.com" }),
        ).getToken(),
      );
      expect(error.kind).to.equal("Unauthorized");
      expect(error.message).to.include("config exchange:tenantId");
      expect(everythingIn(error)).not.to.include(SECRET);
    });

    it("names the client id setting when the app is unknown", async () => {
      const error = await failureOf(
        tokenProviderFor(settings({ kind: "secret", secret: SECRET })).getToken(),
      );
      expect(error.kind).to.equal("Unauthorized");
      expect(error.message)
        .to.include("application was not found")
        .and.include("config exchange:clientId");
    });

    it("reports an unavailable token endpoint as transient", async () => {
      entra.apps.set(CLIENT_ID, { clientId: CLIENT_ID, secret: SECRET });
      entra.failNext = 10;
      const error = await failureOf(
        tokenProviderFor(settings({ kind: "secret", secret: SECRET })).getToken(),
      );
      expect(error.kind).to.equal("Transient");
      expect(everythingIn(error)).not.to.include(SECRET);
    });

    it("asks for the CA file when the login endpoint's certificate is not trusted", async () => {
      const untrusted: ConnectionSettings = { ...settings({ kind: "secret", secret: SECRET }) };
      delete (untrusted as { caCertificatePath?: string }).caCertificatePath;
      const error = await failureOf(tokenProviderFor(untrusted).getToken());
      expect(error.kind).to.equal("Configuration");
      expect(error.message).to.include("exchange:caCertificatePath");
    });

    it("reports a refused connection as transient, naming the authority host setting", async () => {
      const error = await failureOf(
        tokenProviderFor(
          settings({ kind: "secret", secret: SECRET }, { authorityHost: "https://127.0.0.1:1" }),
        ).getToken(),
      );
      expect(error.kind).to.equal("Transient");
      expect(error.message).to.include("ECONNREFUSED").and.include("config exchange:authorityHost");
    });
  });
});
