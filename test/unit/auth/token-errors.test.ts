import { expect } from "chai";
import type { ConnectionSettings } from "../../../provider/auth";
import { tokenError } from "../../../provider/auth/token-errors";
import { CloudManagedError, type ErrorKind } from "../../../provider/errors";

const SECRET = "never-show-this-secret";

const settings: ConnectionSettings = {
  tenant: "contoso.onmicrosoft.com",
  clientId: "11111111-2222-4333-8444-555555555555",
  environment: "worldwide",
  authorityHost: "https://login.microsoftonline.com",
  exchangeUrl: "https://outlook.office365.com",
  credential: { kind: "secret", secret: SECRET },
  sources: {
    tenant: "environment variable AZURE_TENANT_ID",
    clientId: "environment variable AZURE_CLIENT_ID",
    credential: "environment variable AZURE_CLIENT_SECRET",
    exchangeUrl: "config exchange:exchangeUrl",
    environment: "config exchange:environment",
    authorityHost: "config exchange:environment (worldwide)",
  },
};

/** An object shaped like an MSAL ServerError whose text quotes a request, as some do. */
function msalError(errorCode: string, aadsts: number | undefined, status?: number): Error {
  const error = new Error(`${errorCode}: client_secret=${SECRET}`);
  return Object.assign(error, {
    errorCode,
    errorMessage: `${aadsts === undefined ? "" : `AADSTS${aadsts}: `}body client_secret=${SECRET}`,
    ...(status === undefined ? {} : { status }),
  });
}

describe("tokenError", () => {
  const cases: { name: string; error: unknown; kind: ErrorKind; mentions: string[] }[] = [
    {
      name: "an unknown tenant",
      error: msalError("invalid_request", 90002, 400),
      kind: "Unauthorized",
      mentions: ["tenant was not found", "AZURE_TENANT_ID"],
    },
    {
      name: "an unknown app",
      error: msalError("unauthorized_client", 700016, 400),
      kind: "Unauthorized",
      mentions: ["AZURE_CLIENT_ID"],
    },
    {
      name: "a wrong secret",
      error: msalError("invalid_client", 7000215, 401),
      kind: "Unauthorized",
      mentions: ["AZURE_CLIENT_SECRET", "Secret ID"],
    },
    {
      name: "an expired secret",
      error: msalError("invalid_client", 7000222, 401),
      kind: "Unauthorized",
      mentions: ["expired"],
    },
    {
      name: "an unregistered certificate",
      error: msalError("invalid_client", 700027, 401),
      kind: "Unauthorized",
      mentions: ["upload it"],
    },
    {
      name: "an expired assertion",
      error: msalError("invalid_client", 700024, 401),
      kind: "Unauthorized",
      mentions: ["expired or not yet valid"],
    },
    {
      name: "a federation mismatch",
      error: msalError("invalid_client", 70021, 401),
      kind: "Unauthorized",
      mentions: ["federated credential"],
    },
    {
      name: "a subject mismatch",
      error: msalError("invalid_client", 700213, 401),
      kind: "Unauthorized",
      mentions: ["subject"],
    },
    {
      name: "a missing Exchange resource",
      error: msalError("invalid_resource", 500011, 400),
      kind: "Unauthorized",
      mentions: ["config exchange:exchangeUrl"],
    },
    {
      name: "a blocked sign-in",
      error: msalError("invalid_grant", 53003, 400),
      kind: "Unauthorized",
      mentions: ["Conditional Access"],
    },
    {
      name: "a server failure",
      error: msalError("server_error", undefined, 500),
      kind: "Transient",
      mentions: ["retry later"],
    },
    {
      name: "throttling",
      error: msalError("temporarily_unavailable", undefined, 429),
      kind: "Transient",
      mentions: ["retry later"],
    },
    {
      name: "a network error",
      error: msalError("network_error", undefined),
      kind: "Transient",
      mentions: ["network_error"],
    },
    {
      name: "anything else",
      error: msalError("weird_error", 12345, 400),
      kind: "Unauthorized",
      mentions: ["weird_error", "AADSTS12345", "AZURE_CLIENT_SECRET"],
    },
    { name: "a thrown string", error: "boom", kind: "Unauthorized", mentions: ["unknown"] },
  ];

  for (const testCase of cases) {
    it(`explains ${testCase.name} as ${testCase.kind}, with only codes in the cause`, () => {
      const error = tokenError(testCase.error, settings, undefined);
      expect(error.kind).to.equal(testCase.kind);
      for (const text of testCase.mentions) expect(error.message).to.include(text);
      const cause = error.cause as Error;
      expect(cause.name).to.equal("TokenEndpointError");
      expect(cause.cause).to.equal(undefined);
      for (const text of [error.message, error.stack ?? "", cause.message, cause.stack ?? ""]) {
        expect(text).not.to.include(SECRET);
        expect(text).not.to.include("client_secret");
      }
    });
  }

  it("passes a CloudManagedError from a callback through unchanged", () => {
    const original = new CloudManagedError("Configuration", "file missing");
    expect(tokenError(original, settings, undefined)).to.equal(original);
  });

  it("uses the AADSTS number of the failed response when MSAL's error has none", () => {
    const error = tokenError(msalError("endpoints_resolution_error", undefined), settings, {
      method: "GET",
      url: "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration",
      status: 400,
      aadsts: "90002",
    });
    expect(error.message).to.include("tenant was not found");
    expect(error.context.status).to.equal(400);
  });
});
