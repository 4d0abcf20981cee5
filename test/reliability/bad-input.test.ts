import { expect } from "chai";
import { randomBytes, randomUUID } from "node:crypto";
import type { RunningEmulator } from "../../emulator";
import { forgetTokenProviders } from "../../provider/auth";
import { CloudManagedError } from "../../provider/errors";
import {
  checked,
  configureProvider,
  emulatorConfig,
  provider,
  providerAgainstEmulator,
} from "../integration/harness";
import { registerTestCredentials, withoutKeys, type TestCredentials } from "./credentials";
import { isolatedEnvironment } from "./env";
import { captureOutput, failureOf, registerSecret } from "./observe";

const ALICE = "alice@contoso.example";
const HINT = /user principal name, primary SMTP address or ExternalDirectoryObjectId/;

describe("bad input: each is refused clearly, at check or at the first call, and nothing is written", function () {
  this.timeout(20_000);
  isolatedEnvironment({ EXCHANGE_CLOUD_MANAGED_LOG: "debug" });
  let emulator: RunningEmulator;

  before(async () => {
    captureOutput();
    emulator = await providerAgainstEmulator();
    registerSecret("demo app client secret", emulator.app.clientSecret);
  });
  after(async () => emulator.stop());
  beforeEach(() => emulator.control.reset());

  const writes = () => emulator.control.counters().writes;

  describe("identities refused by check, before any call", () => {
    const cases: [string, unknown, RegExp][] = [
      ["an empty identity", "", /empty; an empty identity would match every mailbox/],
      ["a blank identity", "   \t ", /empty; an empty identity would match every mailbox/],
      ["a missing identity", undefined, /must be a string/],
      ["a number", 42, /must be a string/],
      [
        "a wildcard",
        "ali*@contoso.example",
        /wildcard; each resource declares exactly one mailbox/,
      ],
      ["a lone wildcard", "*", /wildcard/],
      [
        "a malformed GUID",
        "463159fe-8a44-4a24-a04a-5623d756015",
        /looks like a GUID but is malformed/,
      ],
      [
        "a 300-character address",
        `${"a".repeat(284)}@contoso.example`,
        /300 characters long; at most 256/,
      ],
      ["a 5000-character name", "n".repeat(5000), /5000 characters long/],
      ["a control character", "alice\u0000@contoso.example", /control character/],
      ["an address without a domain", "alice@", /not a well-formed address/],
      ["two at-signs", "alice@bob@contoso.example", /not a well-formed address/],
    ];
    for (const [what, identity, reason] of cases) {
      it(`refuses ${what} with a failure on identity`, async () => {
        const result = await provider.check({}, { identity });
        const failures = result.failures ?? [];
        expect(failures.map((failure) => failure.property)).to.deep.equal(["identity"]);
        expect(failures[0]?.reason).to.match(reason);
        expect(emulator.control.counters().requests).to.equal(0);
      });
    }

    it("says how to name a mailbox instead", async () => {
      const result = await provider.check({}, { identity: "*" });
      expect(result.failures?.[0]?.reason).to.match(HINT);
    });

    it("refuses them at create too, when check was bypassed, without calling Exchange", async () => {
      const error = await failureOf(() =>
        provider.create({ identity: "*", cloudManaged: true, onDelete: "retain" }),
      );
      expect(String((error as Error | undefined)?.message)).to.match(/wildcard/);
      expect(emulator.control.counters().requests).to.equal(0);
    });
  });

  describe("identities refused at the first call", () => {
    const long = `${"l".repeat(240)}@contoso.example`;
    const cases: [string, string, RegExp][] = [
      [
        "an identity matching several recipients",
        "Chris Taylor",
        /matches more than one recipient[\s\S]*chris\.taylor@[\s\S]*christopher\.taylor@[\s\S]*ExternalDirectoryObjectId instead/,
      ],
      [
        "a distribution group",
        "all-staff@contoso.example",
        /MailUniversalDistributionGroup, not a mailbox.*Microsoft Graph/,
      ],
      ["a mail-enabled security group", "finance-team", /group.*not a mailbox|not a mailbox/i],
      ["a mail contact", "pat.partner", /MailContact, not a mailbox/],
      ["a mail user", "max.guest", /MailUser, not a mailbox/],
      [
        "a cloud-only mailbox",
        "grace@contoso.example",
        /cloud-only.*nothing to switch.*Remove it from the program/,
      ],
      ["a soft-deleted mailbox", "ivan@contoso.example", /soft-deleted.*Undo-SoftDeletedMailbox/],
      [
        "an inactive mailbox",
        "judy@contoso.example",
        /inactive mailbox.*Remove it from the program/,
      ],
      [
        "an unknown address",
        "nobody@contoso.example",
        /No mailbox matches "nobody@contoso.example".*Check the spelling/,
      ],
      [
        "an unknown internationalized address",
        "zoë.ünknown@contoso.example",
        /No mailbox matches "zoë\.ünknown@contoso\.example"/,
      ],
      ["an unknown internationalized domain", "jose.mueller@contöso.example", /No mailbox matches/],
      ["an unknown GUID", randomUUID(), /No mailbox matches/],
      [
        "a GUID-like name with a non-hex digit",
        "{463159fe-8a44-4a24-a04a-5623d756015g}",
        /No mailbox matches/,
      ],
      ["a long address at the length limit that matches nothing", long, /No mailbox matches/],
    ];
    for (const [what, identity, message] of cases) {
      it(`refuses ${what}, saying why and what to do, and writes nothing`, async () => {
        const error = await failureOf(async () => provider.create(await checked({ identity })));
        expect(CloudManagedError.isInstance(error), String(error)).to.equal(true);
        expect((error as Error).message).to.match(message);
        expect(writes()).to.deep.equal([]);
      });
    }

    it("switches a mailbox declared by its internationalized address", async () => {
      const result = await provider.create(
        await checked({ identity: "josé.müller@contoso.example" }),
      );
      const jose = emulator.control.mailbox("jose.mueller@contoso.example");
      expect(result.id).to.equal(jose?.ExternalDirectoryObjectId);
      expect(jose?.IsExchangeCloudManaged).to.equal(true);
      expect(writes().map((write) => write.identity)).to.deep.equal([result.id]);
    });
  });

  describe("configuration and credentials refused at the first call, naming the key, never the value", () => {
    let credentials: TestCredentials;
    before(() => {
      credentials = registerTestCredentials(emulator);
    });
    after(() => credentials.cleanUp());
    afterEach(async () => {
      forgetTokenProviders();
      await configureProvider(emulatorConfig(emulator));
    });

    interface ConfigCase {
      readonly what: string;
      readonly config: () => Record<string, string>;
      readonly env?: () => Record<string, string>;
      /** The key or variable the message must name, and what it must say. */
      readonly message: RegExp;
      /** Values that must not appear in the message. */
      readonly hidden: () => string[];
    }

    const wrongSecret = `wrong-${randomBytes(16).toString("base64url")}`;
    const wrongPassword = `wrong-${randomBytes(12).toString("base64url")}`;
    registerSecret("wrong client secret", wrongSecret);
    registerSecret("wrong key password", wrongPassword);

    let expiredAssertion = "";
    const cases: ConfigCase[] = [
      {
        what: "an unknown environment",
        config: () => ({ ...emulatorConfig(emulator), "exchange:environment": "moon" }),
        message:
          /exchange:environment is not a known cloud: use one of worldwide, gcc, gcchigh, dod, china/,
        hidden: () => [emulator.app.clientSecret],
      },
      {
        what: "a plain-http Exchange endpoint override",
        config: () => ({
          ...emulatorConfig(emulator),
          "exchange:exchangeUrl": emulator.exchangeUrl.replace("https:", "http:"),
        }),
        message: /exchange:exchangeUrl must use https/,
        hidden: () => [emulator.app.clientSecret],
      },
      {
        what: "a plain-http authority override",
        config: () => ({
          ...emulatorConfig(emulator),
          "exchange:authorityHost": emulator.authorityHost.replace("https:", "http:"),
        }),
        message: /exchange:authorityHost must use https/,
        hidden: () => [emulator.app.clientSecret],
      },
      {
        what: "missing credentials",
        config: () => withoutKeys(emulatorConfig(emulator), "exchange:clientSecret"),
        message:
          /No credential found[\s\S]*exchange:clientSecret[\s\S]*exchange:certificatePath[\s\S]*exchange:federatedTokenFile[\s\S]*AZURE_CLIENT_SECRET[\s\S]*AZURE_CLIENT_CERTIFICATE_PATH[\s\S]*AZURE_FEDERATED_TOKEN_FILE[\s\S]*ARM_CLIENT_SECRET[\s\S]*ACTIONS_ID_TOKEN_REQUEST_URL/,
        hidden: () => [],
      },
      {
        what: "a missing tenant",
        config: () => withoutKeys(emulatorConfig(emulator), "exchange:tenantId"),
        message: /exchange:tenantId[\s\S]*AZURE_TENANT_ID[\s\S]*ARM_TENANT_ID/,
        hidden: () => [emulator.app.clientSecret],
      },
      {
        what: "a wrong client secret",
        config: () => ({ ...emulatorConfig(emulator), "exchange:clientSecret": wrongSecret }),
        message: /client secret \(from config exchange:clientSecret\) is wrong/,
        hidden: () => [wrongSecret, emulator.app.clientSecret],
      },
      {
        what: "a wrong client secret from AZURE_CLIENT_SECRET",
        config: () => withoutKeys(emulatorConfig(emulator), "exchange:clientSecret"),
        env: () => ({ AZURE_CLIENT_SECRET: wrongSecret }),
        message: /client secret \(from environment variable AZURE_CLIENT_SECRET\) is wrong/,
        hidden: () => [wrongSecret],
      },
      {
        what: "a wrong tenant",
        config: () => ({ ...emulatorConfig(emulator), "exchange:tenantId": randomUUID() }),
        message: /tenant[\s\S]*exchange:tenantId/,
        hidden: () => [emulator.app.clientSecret],
      },
      {
        what: "an expired federated token",
        config: () => ({
          ...withoutKeys(emulatorConfig(emulator), "exchange:clientSecret"),
          "exchange:clientId": credentials.federatedClientId,
          "exchange:federatedTokenFile": credentials.file(
            "expired.jwt",
            (expiredAssertion = credentials.federatedToken({
              offsetSeconds: -3600,
              lifetimeSeconds: 600,
            })),
          ),
        }),
        message: /exchange:federatedTokenFile[\s\S]*expired/,
        hidden: () => [expiredAssertion],
      },
      {
        what: "a certificate without its key",
        config: () => ({
          ...withoutKeys(emulatorConfig(emulator), "exchange:clientSecret"),
          "exchange:clientId": credentials.certificateClientId,
          "exchange:certificatePath": credentials.file(
            "cert-only.pem",
            credentials.certificate.certPem,
          ),
        }),
        message: /exchange:certificatePath holds a certificate but no private key/,
        hidden: () => [],
      },
      {
        what: "a wrong key password",
        config: () => ({
          ...withoutKeys(emulatorConfig(emulator), "exchange:clientSecret"),
          "exchange:clientId": credentials.certificateClientId,
          "exchange:certificatePath": credentials.file(
            "encrypted.pem",
            `${credentials.certificate.certPem}\n${credentials.certificate.encryptedKeyPem(credentials.keyPassword)}`,
          ),
          "exchange:certificatePassword": wrongPassword,
        }),
        message:
          /Cannot decrypt the private key[\s\S]*exchange:certificatePath[\s\S]*exchange:certificatePassword/,
        hidden: () => [wrongPassword, credentials.keyPassword],
      },
      {
        what: "a certificate the app does not know",
        config: () => ({
          ...withoutKeys(emulatorConfig(emulator), "exchange:clientSecret"),
          "exchange:clientId": emulator.app.clientId,
          "exchange:certificatePath": credentials.file(
            "unregistered.pem",
            `${credentials.certificate.certPem}\n${credentials.certificate.keyPem}`,
          ),
        }),
        message: /assertion \(from config exchange:certificatePath\) was refused/,
        hidden: () => [credentials.certificate.keyPem],
      },
    ];

    for (const testCase of cases) {
      it(`refuses ${testCase.what}`, async () => {
        const env = testCase.env?.() ?? {};
        Object.assign(process.env, env);
        try {
          forgetTokenProviders();
          await configureProvider(testCase.config());
          const error = await failureOf(async () =>
            provider.create(await checked({ identity: ALICE })),
          );
          expect(CloudManagedError.isInstance(error), String(error)).to.equal(true);
          const message = (error as Error).message;
          if (process.env["RELIABILITY_DETAILS"] !== undefined) console.log(`        ${message}`);
          expect(message).to.match(testCase.message);
          for (const value of testCase.hidden())
            expect(message.includes(value), "message leaks a secret").to.equal(false);
          expect(writes()).to.deep.equal([]);
        } finally {
          for (const name of Object.keys(env)) delete process.env[name];
        }
      });
    }
  });
});
