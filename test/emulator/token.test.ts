import { expect } from "chai";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import {
  createTestCertificate,
  signJwt,
  startEmulator,
  type RunningEmulator,
} from "../../emulator";
import { thumbprintSha1 } from "../../emulator/certs";
import { decodeJwt } from "../../emulator/jwt";
import { https, tokenRequest } from "./helpers";

const CERT_APP = "aaaaaaaa-0000-4000-8000-000000000001";
const FED_APP = "aaaaaaaa-0000-4000-8000-000000000002";
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

describe("the emulated Entra ID token endpoint", () => {
  let emu: RunningEmulator;
  const cert = createTestCertificate();
  const otherCert = createTestCertificate({ commonName: "unregistered" });
  const issuerKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const fedIssuer = "https://token.actions.githubusercontent.com";

  before(async () => {
    emu = await startEmulator();
    emu.control.registerApp({ clientId: CERT_APP, certificatesPem: [cert.certPem] });
    emu.control.registerApp({
      clientId: FED_APP,
      federated: [
        {
          issuer: fedIssuer,
          subject: "repo:contoso/infra:ref:refs/heads/main",
          audience: "api://AzureADTokenExchange",
          publicKeyPem: issuerKey.publicKey.export({ type: "spki", format: "pem" }).toString(),
        },
      ],
    });
  });
  after(async () => {
    await emu.stop();
  });

  const scope = () => `${emu.exchangeUrl}/.default`;
  const tokenEndpoint = () => `${emu.authorityHost}/${emu.tenantId}/oauth2/v2.0/token`;
  const now = () => Math.floor(Date.now() / 1000);

  function certAssertion(
    overrides: Record<string, unknown> = {},
    signWith = cert,
    thumbprint = cert.thumbprintSha256,
  ) {
    return signJwt(
      {
        aud: tokenEndpoint(),
        iss: CERT_APP,
        sub: CERT_APP,
        jti: randomUUID(),
        nbf: now(),
        exp: now() + 600,
        ...overrides,
      },
      signWith.keyPem,
      { "x5t#S256": thumbprint },
      "PS256",
    );
  }

  function fedAssertion(overrides: Record<string, unknown> = {}) {
    return signJwt(
      {
        iss: fedIssuer,
        sub: "repo:contoso/infra:ref:refs/heads/main",
        aud: "api://AzureADTokenExchange",
        nbf: now(),
        exp: now() + 300,
        ...overrides,
      },
      issuerKey.privateKey,
    );
  }

  it("serves OpenID configuration for the tenant id and for the domain", async () => {
    for (const tenant of [emu.tenantId, emu.tenantDomain]) {
      const answer = await https(
        `${emu.authorityHost}/${tenant}/v2.0/.well-known/openid-configuration`,
        emu.caPem,
      );
      expect(answer.status).to.equal(200);
      expect(answer.json).to.include({ token_endpoint: tokenEndpoint() });
    }
  });

  it("issues a token whose claims carry aud, tid, appid, roles and exp", async () => {
    const answer = await tokenRequest(emu, {
      grant_type: "client_credentials",
      client_id: emu.app.clientId,
      client_secret: emu.app.clientSecret,
      scope: scope(),
    });
    expect(answer.status).to.equal(200);
    const body = answer.json as { access_token: string; token_type: string; expires_in: number };
    expect(body.token_type).to.equal("Bearer");
    const claims = decodeJwt(body.access_token)?.payload ?? {};
    expect(claims).to.include({ aud: emu.exchangeUrl, tid: emu.tenantId, appid: emu.app.clientId });
    expect(claims["roles"]).to.deep.equal(["Exchange.ManageAsApp"]);
    expect(claims["exp"]).to.be.closeTo(now() + body.expires_in, 5);
  });

  it("accepts a certificate assertion signed with RS256 and the SHA-1 x5t header too", async () => {
    const assertion = signJwt(
      { aud: tokenEndpoint(), iss: CERT_APP, sub: CERT_APP, nbf: now(), exp: now() + 600 },
      cert.keyPem,
      { x5t: thumbprintSha1(cert.certPem) },
    );
    const answer = await tokenRequest(emu, {
      grant_type: "client_credentials",
      client_id: CERT_APP,
      client_assertion_type: JWT_BEARER,
      client_assertion: assertion,
      scope: scope(),
    });
    expect(answer.status).to.equal(200);
  });

  it("accepts a federated assertion from a registered issuer, subject and audience", async () => {
    const answer = await tokenRequest(emu, {
      grant_type: "client_credentials",
      client_id: FED_APP,
      client_assertion_type: JWT_BEARER,
      client_assertion: fedAssertion(),
      scope: scope(),
    });
    expect(answer.status).to.equal(200);
  });

  const refusals: {
    name: string;
    form: () => Record<string, string>;
    tenant?: () => string;
    status: number;
    error: string;
    code: string;
  }[] = [
    {
      name: "an unknown tenant",
      tenant: () => "nowhere.example",
      form: () => ({
        grant_type: "client_credentials",
        client_id: emu.app.clientId,
        client_secret: emu.app.clientSecret,
        scope: scope(),
      }),
      status: 400,
      error: "invalid_request",
      code: "AADSTS90002",
    },
    {
      name: "an unknown app",
      form: () => ({
        grant_type: "client_credentials",
        client_id: randomUUID(),
        client_secret: "x",
        scope: scope(),
      }),
      status: 400,
      error: "unauthorized_client",
      code: "AADSTS700016",
    },
    {
      name: "a wrong secret",
      form: () => ({
        grant_type: "client_credentials",
        client_id: emu.app.clientId,
        client_secret: "wrong",
        scope: scope(),
      }),
      status: 401,
      error: "invalid_client",
      code: "AADSTS7000215",
    },
    {
      name: "no credential at all",
      form: () => ({
        grant_type: "client_credentials",
        client_id: emu.app.clientId,
        scope: scope(),
      }),
      status: 401,
      error: "invalid_client",
      code: "AADSTS7000216",
    },
    {
      name: "an unregistered certificate",
      form: () => ({
        grant_type: "client_credentials",
        client_id: CERT_APP,
        client_assertion_type: JWT_BEARER,
        client_assertion: certAssertion({}, otherCert, otherCert.thumbprintSha256),
        scope: scope(),
      }),
      status: 401,
      error: "invalid_client",
      code: "AADSTS700027",
    },
    {
      name: "a signature by another key under the registered thumbprint",
      form: () => ({
        grant_type: "client_credentials",
        client_id: CERT_APP,
        client_assertion_type: JWT_BEARER,
        client_assertion: certAssertion({}, otherCert, cert.thumbprintSha256),
        scope: scope(),
      }),
      status: 401,
      error: "invalid_client",
      code: "AADSTS700027",
    },
    {
      name: "an expired assertion",
      form: () => ({
        grant_type: "client_credentials",
        client_id: CERT_APP,
        client_assertion_type: JWT_BEARER,
        client_assertion: certAssertion({ nbf: now() - 7200, exp: now() - 3600 }),
        scope: scope(),
      }),
      status: 400,
      error: "invalid_client",
      code: "AADSTS700024",
    },
    {
      name: "an assertion not yet valid",
      form: () => ({
        grant_type: "client_credentials",
        client_id: CERT_APP,
        client_assertion_type: JWT_BEARER,
        client_assertion: certAssertion({ nbf: now() + 3600, exp: now() + 7200 }),
        scope: scope(),
      }),
      status: 400,
      error: "invalid_client",
      code: "AADSTS700024",
    },
    {
      name: "an assertion for another audience",
      form: () => ({
        grant_type: "client_credentials",
        client_id: CERT_APP,
        client_assertion_type: JWT_BEARER,
        client_assertion: certAssertion({ aud: "https://login.example/other/oauth2/v2.0/token" }),
        scope: scope(),
      }),
      status: 400,
      error: "invalid_client",
      code: "AADSTS700021",
    },
    {
      name: "a federated assertion with another subject",
      form: () => ({
        grant_type: "client_credentials",
        client_id: FED_APP,
        client_assertion_type: JWT_BEARER,
        client_assertion: fedAssertion({ sub: "repo:contoso/other:ref:refs/heads/main" }),
        scope: scope(),
      }),
      status: 400,
      error: "invalid_request",
      code: "AADSTS70021",
    },
    {
      name: "an expired federated assertion",
      form: () => ({
        grant_type: "client_credentials",
        client_id: FED_APP,
        client_assertion_type: JWT_BEARER,
        client_assertion: fedAssertion({ exp: now() - 3600 }),
        scope: scope(),
      }),
      status: 400,
      error: "invalid_client",
      code: "AADSTS700024",
    },
    {
      name: "a scope without /.default",
      form: () => ({
        grant_type: "client_credentials",
        client_id: emu.app.clientId,
        client_secret: emu.app.clientSecret,
        scope: `${emu.exchangeUrl}/Exchange.ManageAsApp`,
      }),
      status: 400,
      error: "invalid_scope",
      code: "AADSTS1002012",
    },
    {
      name: "another resource",
      form: () => ({
        grant_type: "client_credentials",
        client_id: emu.app.clientId,
        client_secret: emu.app.clientSecret,
        scope: "https://graph.example/.default",
      }),
      status: 400,
      error: "invalid_resource",
      code: "AADSTS500011",
    },
  ];

  for (const c of refusals) {
    it(`refuses ${c.name} with ${c.code}`, async () => {
      const answer = await tokenRequest(emu, c.form(), c.tenant?.() ?? emu.tenantId);
      expect(answer.status).to.equal(c.status);
      const body = answer.json as {
        error: string;
        error_description: string;
        error_codes: number[];
      };
      expect(body.error).to.equal(c.error);
      expect(body.error_description).to.match(new RegExp(`^${c.code}: `));
      expect(body.error_codes).to.deep.equal([Number(c.code.slice(6))]);
    });
  }

  it("counts token requests", async () => {
    const before = emu.control.counters().tokenRequests;
    await tokenRequest(emu, {
      grant_type: "client_credentials",
      client_id: emu.app.clientId,
      client_secret: emu.app.clientSecret,
      scope: scope(),
    });
    expect(emu.control.counters().tokenRequests).to.equal(before + 1);
  });
});
