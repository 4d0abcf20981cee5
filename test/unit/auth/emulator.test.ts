import { expect } from "chai";
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  createTestCertificate,
  signJwt,
  startEmulator,
  type RunningEmulator,
} from "../../../emulator";
import { resolveSettings, tokenProviderFor } from "../../../provider/auth";
import { jwtPayload } from "../../../provider/auth/claims";
import { destroyHttpsAgents } from "../../../provider/auth/tls";
import { forgetTokenProviders } from "../../../provider/auth/token-provider";
import { CloudManagedError } from "../../../provider/errors";
import { serverPki } from "./test-pki";

const ISSUER = "https://token.actions.githubusercontent.com";
const SUBJECT = "repo:contoso/mailboxes:ref:refs/heads/main";
const AUDIENCE = "api://AzureADTokenExchange";
const CERT_CLIENT = "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
const FEDERATED_CLIENT = "8e2f3a4b-5c6d-4e7f-8a91-92a3b4c5d6e7";
const PASSWORD = "emulator-key-password";

async function failureOf(promise: Promise<unknown>): Promise<CloudManagedError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!CloudManagedError.isInstance(caught))
    throw new Error(`expected a CloudManagedError, got ${String(caught)}`);
  return caught;
}

describe("token acquisition against the emulator", function () {
  this.timeout(20_000);
  let emulator: RunningEmulator;
  let dir: string;
  let caFile: string;
  let issuerKey: ReturnType<typeof generateKeyPairSync>["privateKey"];
  let github: https.Server | undefined;
  let githubUrl: string;
  const githubIssued: string[] = [];

  function federatedJwt(subject = SUBJECT): string {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(
      { iss: ISSUER, sub: subject, aud: AUDIENCE, iat: now, nbf: now - 5, exp: now + 300 },
      issuerKey,
      { kid: "test" },
    );
  }

  /** Config as the provider's configure() receives it, pointed at the emulator. */
  function config(extra: Record<string, string>): Record<string, string> {
    return {
      "exchange:tenantId": emulator.tenantDomain,
      "exchange:authorityHost": emulator.authorityHost,
      "exchange:exchangeUrl": emulator.exchangeUrl,
      "exchange:caCertificatePath": caFile,
      ...extra,
    };
  }

  before(async () => {
    emulator = await startEmulator();
    dir = mkdtempSync(path.join(tmpdir(), "auth-emulator-"));
    issuerKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const federated = [
      {
        issuer: ISSUER,
        subject: SUBJECT,
        audience: AUDIENCE,
        publicKeyPem: createPublicKey(issuerKey).export({ type: "spki", format: "pem" }).toString(),
      },
    ];
    emulator.control.registerApp({ clientId: FEDERATED_CLIENT, federated });

    // A stand-in for the GitHub Actions token service, on its own CA: one CA file trusts both.
    const { ca, server } = serverPki();
    const githubServer = https.createServer(
      { cert: server.certPem, key: server.keyPem },
      (req, res) => {
        const url = new URL(req.url ?? "/", "https://127.0.0.1");
        if (
          req.headers.authorization !== "bearer runner-request-token" ||
          url.searchParams.get("audience") !== AUDIENCE
        ) {
          res.writeHead(403).end("{}");
          return;
        }
        const token = federatedJwt();
        githubIssued.push(token);
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ value: token }));
      },
    );
    github = githubServer;
    await new Promise<void>((resolve) => githubServer.listen(0, "127.0.0.1", resolve));
    githubUrl = `https://127.0.0.1:${(githubServer.address() as AddressInfo).port}/_apis/token?api-version=2.0`;
    caFile = path.join(dir, "cas.pem");
    writeFileSync(caFile, `${readFileSync(emulator.caPath, "utf8")}\n${ca.certPem}`);
  });
  after(async () => {
    destroyHttpsAgents();
    github?.closeAllConnections();
    await new Promise((resolve) =>
      github === undefined ? resolve(undefined) : github.close(resolve),
    );
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => forgetTokenProviders());

  it("signs in with the demo app's secret and gets an Exchange token for the tenant GUID", async () => {
    const settings = resolveSettings(
      config({
        "exchange:clientId": emulator.app.clientId,
        "exchange:clientSecret": emulator.app.clientSecret,
      }),
      {},
    );
    const token = await tokenProviderFor(settings).getToken();
    expect(token.tenantId).to.equal(emulator.tenantId.toLowerCase());
    const claims = jwtPayload(token.token);
    expect(claims?.["aud"]).to.equal(emulator.exchangeUrl);
    expect(claims?.["roles"]).to.include("Exchange.ManageAsApp");
  });

  for (const encrypted of [false, true]) {
    it(`signs in with a certificate whose key is ${encrypted ? "encrypted" : "plain"}`, async () => {
      const certificate = createTestCertificate();
      emulator.control.registerApp({
        clientId: CERT_CLIENT,
        certificatesPem: [certificate.certPem],
      });
      const file = path.join(dir, `app-${encrypted}.pem`);
      writeFileSync(
        file,
        `${certificate.certPem}\n${encrypted ? certificate.encryptedKeyPem(PASSWORD) : certificate.keyPem}`,
      );
      const settings = resolveSettings(
        config({ "exchange:clientId": CERT_CLIENT }),
        encrypted
          ? { AZURE_CLIENT_CERTIFICATE_PATH: file, AZURE_CLIENT_CERTIFICATE_PASSWORD: PASSWORD }
          : { AZURE_CLIENT_CERTIFICATE_PATH: file },
      );
      const token = await tokenProviderFor(settings).getToken();
      expect(token.tenantId).to.equal(emulator.tenantId.toLowerCase());
    });
  }

  it("re-reads the federated token file for every token request", async () => {
    const file = path.join(dir, "federated");
    writeFileSync(file, federatedJwt());
    const settings = resolveSettings(config({ "exchange:clientId": FEDERATED_CLIENT }), {
      AZURE_FEDERATED_TOKEN_FILE: file,
    });
    const provider = tokenProviderFor(settings);
    await provider.getToken();
    writeFileSync(file, federatedJwt("repo:contoso/other:ref:refs/heads/main"));
    const error = await failureOf(provider.getToken({ forceRefresh: true }));
    expect(error.kind).to.equal("Unauthorized");
    expect(error.message).to.include("AZURE_FEDERATED_TOKEN_FILE");
    writeFileSync(file, federatedJwt());
    await provider.getToken({ forceRefresh: true });
  });

  it("signs in from GitHub Actions with a fresh OIDC token each time", async () => {
    const settings = resolveSettings(config({ "exchange:clientId": FEDERATED_CLIENT }), {
      ACTIONS_ID_TOKEN_REQUEST_URL: githubUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "runner-request-token",
    });
    const provider = tokenProviderFor(settings);
    const before = githubIssued.length;
    await provider.getToken();
    await provider.getToken();
    await provider.getToken({ forceRefresh: true });
    expect(githubIssued.length - before).to.equal(2);
  });

  const failures: {
    name: string;
    config: () => Record<string, string>;
    mentions: string[];
    hidden: () => string[];
  }[] = [
    {
      name: "a wrong secret",
      config: () =>
        config({
          "exchange:clientId": emulator.app.clientId,
          "exchange:clientSecret": "wrong-secret-text",
        }),
      mentions: ["config exchange:clientSecret"],
      hidden: () => ["wrong-secret-text", emulator.app.clientSecret],
    },
    {
      name: "an unknown tenant",
      config: () => ({
        ...config({
          "exchange:clientId": emulator.app.clientId,
          "exchange:clientSecret": emulator.app.clientSecret,
        }),
        "exchange:tenantId": "fabrikam.example",
      }),
      mentions: ["config exchange:tenantId"],
      hidden: () => [emulator.app.clientSecret],
    },
    {
      name: "an unknown app",
      config: () =>
        config({
          "exchange:clientId": "00000000-1111-4222-8333-444444444444",
          "exchange:clientSecret": emulator.app.clientSecret,
        }),
      mentions: ["config exchange:clientId"],
      hidden: () => [emulator.app.clientSecret],
    },
  ];
  for (const failure of failures) {
    it(`explains ${failure.name} without showing any secret`, async () => {
      const error = await failureOf(
        tokenProviderFor(resolveSettings(failure.config(), {})).getToken(),
      );
      expect(error.kind).to.equal("Unauthorized");
      for (const text of failure.mentions) expect(error.message).to.include(text);
      const everything = [
        error.message,
        error.stack,
        (error.cause as Error | undefined)?.message,
        (error.cause as Error | undefined)?.stack,
      ].join("\n");
      for (const secret of failure.hidden()) expect(everything).not.to.include(secret);
    });
  }
});
