import { expect } from "chai";
import { describeCredential, resolveSettings } from "../../../provider/auth";

const ids = {
  AZURE_TENANT_ID: "contoso.onmicrosoft.com",
  AZURE_CLIENT_ID: "11111111-2222-4333-8444-555555555555",
};

describe("describeCredential", () => {
  const cases = [
    {
      env: { ...ids, AZURE_CLIENT_SECRET: "hidden-1" },
      expected: "client secret from environment variable AZURE_CLIENT_SECRET",
    },
    {
      env: {
        ...ids,
        AZURE_CLIENT_CERTIFICATE_PATH: "/a.pem",
        AZURE_CLIENT_CERTIFICATE_PASSWORD: "hidden-2",
      },
      expected: "certificate from environment variable AZURE_CLIENT_CERTIFICATE_PATH",
    },
    {
      env: { ...ids, ARM_OIDC_TOKEN: "hidden-3" },
      expected: "federated token from environment variable ARM_OIDC_TOKEN",
    },
    {
      env: {
        ...ids,
        ACTIONS_ID_TOKEN_REQUEST_URL: "https://runner.example/t",
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "hidden-4",
      },
      expected: "GitHub Actions OIDC token from environment variable ACTIONS_ID_TOKEN_REQUEST_URL",
    },
  ];
  for (const testCase of cases) {
    it(`says "${testCase.expected}" and nothing secret`, () => {
      const text = describeCredential(resolveSettings({}, testCase.env));
      expect(text).to.equal(testCase.expected);
      expect(text).not.to.match(/hidden/);
    });
  }
});
