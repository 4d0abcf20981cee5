import { expect } from "chai";
import { CLOUDS, resolveSettings } from "../../../provider/auth";
import { CloudManagedError } from "../../../provider/errors";

type Vars = Record<string, string | undefined>;

const TENANT = "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
const OTHER_TENANT = "0a0b0c0d-1e1f-4a2b-8c3d-4e5f6a7b8c9d";
const CLIENT = "11111111-2222-4333-8444-555555555555";
const OTHER_CLIENT = "99999999-8888-4777-8666-555555555555";
const SECRET = "config-secret-value~1";
const ENV_SECRET = "env-secret-value~2";

/** A minimal complete config, to which each case adds or removes keys. */
const base: Vars = {
  "exchange:tenantId": TENANT,
  "exchange:clientId": CLIENT,
  "exchange:clientSecret": SECRET,
};

function errorOf(config: Vars, env: Vars): CloudManagedError {
  try {
    resolveSettings(config, env);
  } catch (error) {
    if (CloudManagedError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected resolveSettings to throw");
}

describe("resolveSettings", () => {
  describe("precedence", () => {
    const cases: {
      name: string;
      config: Vars;
      env: Vars;
      expect: Record<string, unknown>;
      sources: Record<string, string>;
    }[] = [
      {
        name: "takes everything from the config when it is complete",
        config: base,
        env: {
          AZURE_TENANT_ID: OTHER_TENANT,
          AZURE_CLIENT_ID: OTHER_CLIENT,
          AZURE_CLIENT_SECRET: ENV_SECRET,
        },
        expect: {
          tenant: TENANT,
          clientId: CLIENT,
          credential: { kind: "secret", secret: SECRET },
        },
        sources: { tenant: "config exchange:tenantId", credential: "config exchange:clientSecret" },
      },
      {
        name: "takes AZURE_* when the config is empty",
        config: {},
        env: { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: ENV_SECRET },
        expect: {
          tenant: TENANT,
          clientId: CLIENT,
          credential: { kind: "secret", secret: ENV_SECRET },
        },
        sources: {
          tenant: "environment variable AZURE_TENANT_ID",
          clientSecret: "environment variable AZURE_CLIENT_SECRET",
        },
      },
      {
        name: "prefers AZURE_* over ARM_* value by value",
        config: {},
        env: {
          AZURE_TENANT_ID: TENANT,
          ARM_TENANT_ID: OTHER_TENANT,
          ARM_CLIENT_ID: CLIENT,
          ARM_CLIENT_SECRET: ENV_SECRET,
        },
        expect: {
          tenant: TENANT,
          clientId: CLIENT,
          credential: { kind: "secret", secret: ENV_SECRET },
        },
        sources: {
          tenant: "environment variable AZURE_TENANT_ID",
          clientId: "environment variable ARM_CLIENT_ID",
          credential: "environment variable ARM_CLIENT_SECRET",
        },
      },
      {
        name: "mixes ids across levels but never the credential's parts",
        config: { "exchange:tenantId": TENANT, "exchange:certificatePath": "/config/app.pem" },
        env: { AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_CERTIFICATE_PASSWORD: "env-password" },
        expect: { credential: { kind: "certificate", path: "/config/app.pem" } },
        sources: {
          clientId: "environment variable AZURE_CLIENT_ID",
          certificatePath: "config exchange:certificatePath",
        },
      },
      {
        name: "takes a certificate with its password from the same level",
        config: { "exchange:tenantId": TENANT, "exchange:clientId": CLIENT },
        env: {
          AZURE_CLIENT_CERTIFICATE_PATH: "/env/app.pem",
          AZURE_CLIENT_CERTIFICATE_PASSWORD: "pw",
        },
        expect: { credential: { kind: "certificate", path: "/env/app.pem", password: "pw" } },
        sources: { certificatePassword: "environment variable AZURE_CLIENT_CERTIFICATE_PASSWORD" },
      },
      {
        name: "reads a workload identity token file from AZURE_FEDERATED_TOKEN_FILE",
        config: {},
        env: {
          AZURE_TENANT_ID: TENANT,
          AZURE_CLIENT_ID: CLIENT,
          AZURE_FEDERATED_TOKEN_FILE: "/var/run/token",
        },
        expect: { credential: { kind: "federatedTokenFile", path: "/var/run/token" } },
        sources: { credential: "environment variable AZURE_FEDERATED_TOKEN_FILE" },
      },
      {
        name: "reads ARM_OIDC_TOKEN_FILE_PATH as a token file",
        config: {},
        env: {
          ARM_TENANT_ID: TENANT,
          ARM_CLIENT_ID: CLIENT,
          ARM_OIDC_TOKEN_FILE_PATH: "/tmp/oidc",
        },
        expect: { credential: { kind: "federatedTokenFile", path: "/tmp/oidc" } },
        sources: { credential: "environment variable ARM_OIDC_TOKEN_FILE_PATH" },
      },
      {
        name: "reads an inline ARM_OIDC_TOKEN (Pulumi ESC azure-login)",
        config: {},
        env: { ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_OIDC_TOKEN: "eyJ.inline.token" },
        expect: { credential: { kind: "federatedToken", token: "eyJ.inline.token" } },
        sources: { credential: "environment variable ARM_OIDC_TOKEN" },
      },
      {
        name: "falls back to the GitHub Actions OIDC endpoint last",
        config: {},
        env: {
          ARM_TENANT_ID: TENANT,
          ARM_CLIENT_ID: CLIENT,
          ACTIONS_ID_TOKEN_REQUEST_URL: "https://runner.example/token?api-version=2.0",
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: "runner-token",
        },
        expect: {
          credential: {
            kind: "githubOidc",
            requestUrl: "https://runner.example/token?api-version=2.0",
            requestToken: "runner-token",
            audience: "api://AzureADTokenExchange",
          },
        },
        sources: { credential: "environment variable ACTIONS_ID_TOKEN_REQUEST_URL" },
      },
      {
        name: "lets an ARM secret win over the GitHub Actions endpoint",
        config: {},
        env: {
          ARM_TENANT_ID: TENANT,
          ARM_CLIENT_ID: CLIENT,
          ARM_CLIENT_SECRET: ENV_SECRET,
          ACTIONS_ID_TOKEN_REQUEST_URL: "https://runner.example/token",
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: "runner-token",
        },
        expect: { credential: { kind: "secret", secret: ENV_SECRET } },
        sources: { credential: "environment variable ARM_CLIENT_SECRET" },
      },
      {
        name: "defaults to the worldwide cloud",
        config: base,
        env: {},
        expect: { environment: "worldwide", ...CLOUDS.worldwide },
        sources: { environment: "default (worldwide)", authorityHost: "default (worldwide)" },
      },
      {
        name: "derives both endpoints from exchange:environment",
        config: { ...base, "exchange:environment": "dod" },
        env: {},
        expect: {
          environment: "dod",
          authorityHost: "https://login.microsoftonline.us",
          exchangeUrl: "https://outlook-dod.office365.us",
        },
        sources: { exchangeUrl: "config exchange:environment (dod)" },
      },
      {
        name: "maps ARM_ENVIRONMENT=china to the China cloud",
        config: base,
        env: { ARM_ENVIRONMENT: "china" },
        expect: { environment: "china", ...CLOUDS.china },
        sources: { environment: "environment variable ARM_ENVIRONMENT" },
      },
      {
        name: "lets exchange:environment beat AZURE_AUTHORITY_HOST",
        config: { ...base, "exchange:environment": "gcchigh" },
        env: { AZURE_AUTHORITY_HOST: "https://login.example.test" },
        expect: { authorityHost: "https://login.microsoftonline.us" },
        sources: { authorityHost: "config exchange:environment (gcchigh)" },
      },
      {
        name: "lets explicit overrides beat the environment's endpoints",
        config: {
          ...base,
          "exchange:environment": "gcchigh",
          "exchange:authorityHost": "https://127.0.0.1:8443/",
          "exchange:exchangeUrl": "https://127.0.0.1:8444",
        },
        env: {},
        expect: { authorityHost: "https://127.0.0.1:8443", exchangeUrl: "https://127.0.0.1:8444" },
        sources: {
          authorityHost: "config exchange:authorityHost",
          exchangeUrl: "config exchange:exchangeUrl",
        },
      },
      {
        name: "takes endpoint overrides from the environment, a bare host as https",
        config: base,
        env: {
          AZURE_AUTHORITY_HOST: "login.microsoftonline.us",
          EXCHANGE_ONLINE_URL: "https://outlook.office365.us",
        },
        expect: {
          authorityHost: "https://login.microsoftonline.us",
          exchangeUrl: "https://outlook.office365.us",
        },
        sources: { exchangeUrl: "environment variable EXCHANGE_ONLINE_URL" },
      },
      {
        name: "passes the CA file and the limits through",
        config: { ...base, "exchange:maxConcurrency": "4", "exchange:requestsPerSecond": "2.5" },
        env: { EXCHANGE_CA_CERTIFICATE_PATH: "/etc/proxy-ca.pem" },
        expect: {
          caCertificatePath: "/etc/proxy-ca.pem",
          maxConcurrency: 4,
          requestsPerSecond: 2.5,
        },
        sources: { caCertificatePath: "environment variable EXCHANGE_CA_CERTIFICATE_PATH" },
      },
      {
        name: "accepts a domain as tenant and treats empty strings as unset",
        config: {
          ...base,
          "exchange:tenantId": "Contoso.onmicrosoft.com",
          "exchange:clientSecret": "",
        },
        env: { AZURE_CLIENT_SECRET: ENV_SECRET },
        expect: {
          tenant: "contoso.onmicrosoft.com",
          credential: { kind: "secret", secret: ENV_SECRET },
        },
        sources: { credential: "environment variable AZURE_CLIENT_SECRET" },
      },
    ];

    for (const testCase of cases) {
      it(testCase.name, () => {
        const settings = resolveSettings(testCase.config, testCase.env);
        expect(settings).to.deep.include(testCase.expect);
        expect(settings.sources).to.include(testCase.sources);
      });
    }

    it("leaves optional settings out when nothing sets them", () => {
      const settings = resolveSettings(base, {});
      expect(settings).not.to.have.any.keys(
        "caCertificatePath",
        "maxConcurrency",
        "requestsPerSecond",
      );
    });
  });

  describe("validation", () => {
    const cases: { name: string; config: Vars; env?: Vars; mentions: string[] }[] = [
      {
        name: "lists every place a missing tenant can be set",
        config: { ...base, "exchange:tenantId": undefined },
        mentions: ["exchange:tenantId", "AZURE_TENANT_ID", "ARM_TENANT_ID"],
      },
      {
        name: "lists every place a missing client id can be set",
        config: { ...base, "exchange:clientId": undefined },
        mentions: ["exchange:clientId", "AZURE_CLIENT_ID", "ARM_CLIENT_ID"],
      },
      {
        name: "lists every credential key and variable when none is set",
        config: { ...base, "exchange:clientSecret": undefined },
        mentions: [
          "exchange:clientSecret",
          "exchange:certificatePath",
          "exchange:federatedTokenFile",
          "AZURE_CLIENT_SECRET",
          "AZURE_CLIENT_CERTIFICATE_PATH",
          "AZURE_FEDERATED_TOKEN_FILE",
          "ARM_CLIENT_SECRET",
          "ARM_CLIENT_CERTIFICATE_PATH",
          "ARM_OIDC_TOKEN_FILE_PATH",
          "ARM_OIDC_TOKEN",
          "ACTIONS_ID_TOKEN_REQUEST_URL",
          "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
          "id-token: write",
        ],
      },
      {
        name: "refuses a tenant that is neither GUID nor domain",
        config: { ...base, "exchange:tenantId": "not a tenant" },
        mentions: ["config exchange:tenantId", "GUID"],
      },
      {
        name: "refuses the multi-tenant alias common",
        config: { ...base, "exchange:tenantId": "common" },
        mentions: ["config exchange:tenantId", "multi-tenant"],
      },
      {
        name: "refuses a client id that is not a GUID",
        config: { ...base, "exchange:clientId": "my-app" },
        mentions: ["config exchange:clientId", "Application (client) ID"],
      },
      {
        name: "lists the valid clouds for an unknown environment",
        config: { ...base, "exchange:environment": "mars" },
        mentions: ["config exchange:environment", "worldwide, gcc, gcchigh, dod, china"],
      },
      {
        name: "asks which US Government cloud ARM_ENVIRONMENT means",
        config: base,
        env: { ARM_ENVIRONMENT: "usgovernment" },
        mentions: ["environment variable ARM_ENVIRONMENT", "gcchigh or dod"],
      },
      {
        name: "refuses a plain http authority host",
        config: { ...base, "exchange:authorityHost": "http://127.0.0.1:8080" },
        mentions: ["config exchange:authorityHost", "https"],
      },
      {
        name: "refuses a plain http Exchange URL from the environment",
        config: base,
        env: { EXCHANGE_ONLINE_URL: "http://outlook.example" },
        mentions: ["environment variable EXCHANGE_ONLINE_URL", "https"],
      },
      {
        name: "refuses an override with a path",
        config: { ...base, "exchange:exchangeUrl": "https://outlook.office365.com/adminapi" },
        mentions: ["config exchange:exchangeUrl", "origin"],
      },
      {
        name: "refuses an override carrying a password",
        config: { ...base, "exchange:exchangeUrl": "https://user:hunter2@outlook.example" },
        mentions: ["config exchange:exchangeUrl", "user name or password"],
      },
      {
        name: "refuses two credentials at the same level",
        config: { ...base, "exchange:certificatePath": "/app.pem" },
        mentions: ["exchange:clientSecret", "exchange:certificatePath", "keep exactly one"],
      },
      {
        name: "refuses a certificate password without a certificate path",
        config: {
          ...base,
          "exchange:clientSecret": undefined,
          "exchange:certificatePassword": "pw",
        },
        mentions: ["exchange:certificatePassword", "exchange:certificatePath"],
      },
      {
        name: "refuses half of the GitHub Actions pair",
        config: { ...base, "exchange:clientSecret": undefined },
        env: { ACTIONS_ID_TOKEN_REQUEST_URL: "https://runner.example/token" },
        mentions: [
          "ACTIONS_ID_TOKEN_REQUEST_URL",
          "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
          "id-token: write",
        ],
      },
      {
        name: "refuses a zero maxConcurrency",
        config: { ...base, "exchange:maxConcurrency": "0" },
        mentions: ["config exchange:maxConcurrency", "whole number"],
      },
      {
        name: "refuses a fractional maxConcurrency",
        config: { ...base, "exchange:maxConcurrency": "2.5" },
        mentions: ["config exchange:maxConcurrency"],
      },
      {
        name: "refuses a non-numeric requestsPerSecond",
        config: { ...base, "exchange:requestsPerSecond": "fast" },
        mentions: ["config exchange:requestsPerSecond", "greater than 0"],
      },
    ];

    for (const testCase of cases) {
      it(testCase.name, () => {
        const error = errorOf(testCase.config, testCase.env ?? {});
        expect(error.kind).to.equal("Configuration");
        for (const text of testCase.mentions) expect(error.message).to.include(text);
      });
    }

    it("reports every problem at once", () => {
      const error = errorOf({ "exchange:tenantId": "x", "exchange:clientId": "y" }, {});
      expect(error.message).to.include("3 problems");
      expect(error.message).to.include("exchange:tenantId");
      expect(error.message).to.include("exchange:clientId");
      expect(error.message).to.include("No credential found");
    });

    it("never repeats a value in its message", () => {
      const values = [
        "not-a-tenant!",
        "not-a-client",
        "http://plain.example",
        "hunter2",
        "mars",
        "fast",
      ];
      const error = errorOf(
        {
          "exchange:tenantId": values[0],
          "exchange:clientId": values[1],
          "exchange:authorityHost": values[2],
          "exchange:exchangeUrl": `https://u:${values[3]}@x.example`,
          "exchange:environment": values[4],
          "exchange:requestsPerSecond": values[5],
          "exchange:clientSecret": SECRET,
          "exchange:certificatePassword": "pw-value",
        },
        {},
      );
      for (const value of [...values, SECRET, "pw-value"])
        expect(error.message).not.to.include(value);
    });
  });
});
