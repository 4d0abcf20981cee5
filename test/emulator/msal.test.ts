import { ConfidentialClientApplication } from "@azure/msal-node";
import { expect } from "chai";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { generateKeyPairSync } from "node:crypto";
import {
  createTestCertificate,
  signJwt,
  startEmulator,
  type RunningEmulator,
} from "../../emulator";
import { decodeJwt } from "../../emulator/jwt";
import { caTrustingNetworkClient } from "./msal-network";
import { invoke, valueOf } from "./helpers";

describe("a stock MSAL ConfidentialClientApplication against the emulator", () => {
  let emu: RunningEmulator;

  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    await emu.stop();
  });

  function app(auth: ConstructorParameters<typeof ConfidentialClientApplication>[0]["auth"]) {
    return new ConfidentialClientApplication({
      auth: { ...auth, knownAuthorities: [new URL(emu.authorityHost).host] },
      system: { networkClient: caTrustingNetworkClient(emu.caPem) },
    });
  }

  it("obtains a token with a client secret", async () => {
    const cca = app({
      clientId: emu.app.clientId,
      authority: `${emu.authorityHost}/${emu.tenantId}`,
      clientSecret: emu.app.clientSecret,
    });
    const result = await cca.acquireTokenByClientCredential({
      scopes: [`${emu.exchangeUrl}/.default`],
    });
    const claims = decodeJwt(result?.accessToken ?? "")?.payload;
    expect(claims).to.include({ aud: emu.exchangeUrl, tid: emu.tenantId, appid: emu.app.clientId });
    expect(claims?.["roles"]).to.deep.equal(["Exchange.ManageAsApp"]);
    expect(claims?.["exp"]).to.be.a("number");
  });

  it("obtains a token with a certificate, and the token opens InvokeCommand", async () => {
    const cert = createTestCertificate();
    emu.control.registerApp({
      clientId: "11111111-2222-4333-8444-555555555555",
      certificatesPem: [cert.certPem],
    });
    const cca = app({
      clientId: "11111111-2222-4333-8444-555555555555",
      authority: `${emu.authorityHost}/${emu.tenantId}`,
      clientCertificate: {
        thumbprintSha256: cert.thumbprintSha256Hex,
        privateKey: cert.keyPem,
        x5c: cert.certPem,
      },
    });
    const result = await cca.acquireTokenByClientCredential({
      scopes: [`${emu.exchangeUrl}/.default`],
    });
    const answer = await invoke(
      emu,
      "Get-Mailbox",
      { Identity: "alice" },
      { token: result?.accessToken ?? "" },
    );
    expect(answer.status).to.equal(200);
    expect(valueOf(answer)[0]?.["Alias"]).to.equal("alice");
  });

  it("obtains a token with a federated assertion from a clientAssertion callback", async () => {
    const issuer = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const clientId = "11111111-2222-4333-8444-666666666666";
    emu.control.registerApp({
      clientId,
      federated: [
        {
          issuer: "https://oidc.ci.example",
          subject: "repo:contoso/infra:environment:prod",
          audience: "api://AzureADTokenExchange",
          publicKeyPem: issuer.publicKey.export({ type: "spki", format: "pem" }).toString(),
        },
      ],
    });
    let reads = 0;
    const cca = app({
      clientId,
      authority: `${emu.authorityHost}/${emu.tenantId}`,
      clientAssertion: async () => {
        reads++;
        const now = Math.floor(Date.now() / 1000);
        return signJwt(
          {
            iss: "https://oidc.ci.example",
            sub: "repo:contoso/infra:environment:prod",
            aud: "api://AzureADTokenExchange",
            nbf: now,
            exp: now + 300,
          },
          issuer.privateKey,
        );
      },
    });
    const result = await cca.acquireTokenByClientCredential({
      scopes: [`${emu.exchangeUrl}/.default`],
    });
    expect(decodeJwt(result?.accessToken ?? "")?.payload["appid"]).to.equal(clientId);
    expect(reads).to.equal(1);
  });

  it("accepts the tenant's domain in the authority instead of its id", async () => {
    const cca = app({
      clientId: emu.app.clientId,
      authority: `${emu.authorityHost}/${emu.tenantDomain}`,
      clientSecret: emu.app.clientSecret,
    });
    const result = await cca.acquireTokenByClientCredential({
      scopes: [`${emu.exchangeUrl}/.default`],
    });
    expect(decodeJwt(result?.accessToken ?? "")?.payload["tid"]).to.equal(emu.tenantId);
  });

  it("surfaces a wrong secret as AADSTS7000215", async () => {
    const cca = app({
      clientId: emu.app.clientId,
      authority: `${emu.authorityHost}/${emu.tenantId}`,
      clientSecret: "not-the-secret",
    });
    const failure = await cca
      .acquireTokenByClientCredential({ scopes: [`${emu.exchangeUrl}/.default`] })
      .then(
        () => undefined,
        (e: unknown) => e as { errorCode?: string; errorMessage?: string },
      );
    expect(failure?.errorCode).to.equal("invalid_client");
    expect(failure?.errorMessage).to.contain("AADSTS7000215");
  });

  it("works with the default network client when the CA comes from NODE_EXTRA_CA_CERTS", async () => {
    const script = `
      const { ConfidentialClientApplication } = require("@azure/msal-node");
      const [authority, clientId, clientSecret, scope, host] = process.argv.slice(1);
      new ConfidentialClientApplication({ auth: { clientId, authority, clientSecret, knownAuthorities: [host] } })
        .acquireTokenByClientCredential({ scopes: [scope] })
        .then((r) => console.log(r.accessToken.split(".").length === 3 ? "token" : "no token"))
        .catch((e) => { console.log("error " + e.errorCode + " " + e.message); process.exitCode = 1; });`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        "-e",
        script,
        `${emu.authorityHost}/${emu.tenantId}`,
        emu.app.clientId,
        emu.app.clientSecret,
        `${emu.exchangeUrl}/.default`,
        new URL(emu.authorityHost).host,
      ],
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: emu.caPath }, cwd: process.cwd() },
    );
    expect(stdout.trim()).to.equal("token");
  });
});
