/**
 * A tiny Entra ID token endpoint on 127.0.0.1 for the auth tests: OIDC metadata, client
 * credentials with secret, certificate assertion (signature checked) or federated assertion,
 * plus a GitHub Actions OIDC endpoint. Errors use Entra's shape and AADSTS codes.
 */
import { constants, verify, X509Certificate } from "node:crypto";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { serverPki, sha256Hex } from "./test-pki";

/** An app registration of the fake tenant. */
export interface FakeApp {
  clientId: string;
  secret?: string;
  certificatePem?: string;
  /** Federated assertions the app accepts. */
  federatedTokens?: Set<string>;
}

/** A running fake. */
export interface FakeEntra {
  /** `https://127.0.0.1:port` */
  origin: string;
  /** PEM of the CA that signed the server certificate. */
  caPem: string;
  tenantId: string;
  tenantDomain: string;
  apps: Map<string, FakeApp>;
  /** Every token request's client_assertion or "secret", in order. */
  tokenRequests: string[];
  /** Every request as "METHOD /path", in order. */
  requests: string[];
  /** Assertions handed out by the GitHub endpoint, in order. */
  githubTokensIssued: string[];
  /** The request token the GitHub endpoint accepts. */
  githubRequestToken: string;
  /** Token requests still to be answered with 503. */
  failNext: number;
  /** Lifetime of issued tokens in seconds. */
  tokenLifetimeSeconds: number;
  close(): Promise<void>;
}

type Reply = { status: number; body: unknown };

export async function startFakeEntra(): Promise<FakeEntra> {
  const { ca, server: serverCert } = serverPki();
  const fake: FakeEntra = {
    origin: "",
    caPem: ca.certPem,
    tenantId: "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
    tenantDomain: "contoso.onmicrosoft.com",
    apps: new Map(),
    tokenRequests: [],
    requests: [],
    githubTokensIssued: [],
    githubRequestToken: "gh-request-token-for-tests",
    failNext: 0,
    tokenLifetimeSeconds: 3600,
    close: async () => undefined,
  };
  const server = https.createServer(
    { cert: serverCert.certPem, key: serverCert.keyPem },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        fake.requests.push(
          `${req.method ?? "GET"} ${new URL(req.url ?? "/", fake.origin).pathname}`,
        );
        const reply = route(
          fake,
          req.method ?? "GET",
          new URL(req.url ?? "/", fake.origin),
          req.headers,
          Buffer.concat(chunks).toString("utf8"),
        );
        res.writeHead(reply.status, { "content-type": "application/json" });
        res.end(JSON.stringify(reply.body));
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

function route(
  fake: FakeEntra,
  method: string,
  url: URL,
  headers: Record<string, string | string[] | undefined>,
  body: string,
): Reply {
  if (method === "GET" && url.pathname === "/github/token") {
    if (headers["authorization"] !== `bearer ${fake.githubRequestToken}`)
      return { status: 401, body: { message: "Bad credentials" } };
    if (url.searchParams.get("audience") !== "api://AzureADTokenExchange")
      return { status: 400, body: {} };
    const token = `github-oidc-${fake.githubTokensIssued.length + 1}`;
    fake.githubTokensIssued.push(token);
    return { status: 200, body: { count: 1, value: token } };
  }
  const [, tenant, ...rest] = url.pathname.split("/");
  const known = tenant === fake.tenantId || tenant === fake.tenantDomain;
  const path = rest.join("/");
  if (method === "GET" && path === "v2.0/.well-known/openid-configuration") {
    if (!known) return entraError(400, "invalid_tenant", 90002);
    const base = `${fake.origin}/${tenant}`;
    return {
      status: 200,
      body: {
        issuer: `${fake.origin}/${fake.tenantId}/v2.0`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
      },
    };
  }
  if (method === "POST" && path === "oauth2/v2.0/token") {
    if (fake.failNext > 0) {
      fake.failNext -= 1;
      return {
        status: 503,
        body: { error: "temporarily_unavailable", error_description: "AADSTS90033: try later" },
      };
    }
    if (!known) return entraError(400, "invalid_request", 90002);
    return tokenResponse(fake, new URLSearchParams(body));
  }
  return { status: 404, body: {} };
}

function tokenResponse(fake: FakeEntra, form: URLSearchParams): Reply {
  const app = fake.apps.get(form.get("client_id") ?? "");
  if (app === undefined) return entraError(400, "unauthorized_client", 700016);
  const scope = form.get("scope") ?? "";
  if (!scope.split(" ").some((s) => s.endsWith("/.default")))
    return entraError(400, "invalid_scope", 70011);
  const assertion = form.get("client_assertion");
  const secret = form.get("client_secret");
  fake.tokenRequests.push(assertion ?? "secret");
  if (secret !== null) {
    if (secret !== app.secret) return entraError(401, "invalid_client", 7000215);
  } else if (assertion !== null) {
    const problem = checkAssertion(app, assertion);
    if (problem !== undefined) return entraError(401, "invalid_client", problem);
  } else {
    return entraError(401, "invalid_client", 7000218);
  }
  const now = Math.floor(Date.now() / 1000);
  const resource = scope.split(" ")[0]?.replace(/\/\.default$/, "");
  const payload = {
    aud: resource,
    tid: fake.tenantId,
    roles: ["Exchange.ManageAsApp"],
    jti: `token-${fake.tokenRequests.length}`,
    iat: now,
    exp: now + fake.tokenLifetimeSeconds,
  };
  const encode = (value: object): string =>
    Buffer.from(JSON.stringify(value)).toString("base64url");
  const accessToken = `${encode({ alg: "none", typ: "JWT" })}.${encode(payload)}.c2ln`;
  return {
    status: 200,
    body: {
      token_type: "Bearer",
      expires_in: fake.tokenLifetimeSeconds,
      access_token: accessToken,
    },
  };
}

function checkAssertion(app: FakeApp, assertion: string): number | undefined {
  if (app.federatedTokens !== undefined)
    return app.federatedTokens.has(assertion) ? undefined : 70021;
  if (app.certificatePem === undefined) return 700027;
  const [header, payload, signature] = assertion.split(".");
  if (header === undefined || payload === undefined || signature === undefined) return 700027;
  const parsed = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
  if (
    parsed["x5t#S256"] !== Buffer.from(sha256Hex(app.certificatePem), "hex").toString("base64url")
  )
    return 700027;
  const signed = verify(
    "sha256",
    Buffer.from(`${header}.${payload}`),
    {
      key: new X509Certificate(app.certificatePem).publicKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    },
    Buffer.from(signature, "base64url"),
  );
  return signed ? undefined : 700027;
}

function entraError(status: number, error: string, code: number): Reply {
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: fake description. Trace ID: 00000000-0000-0000-0000-000000000000`,
      error_codes: [code],
    },
  };
}
