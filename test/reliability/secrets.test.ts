import { expect } from "chai";
import type { RunningEmulator } from "../../emulator";
import { forgetTokenProviders } from "../../provider/auth";
import { MailboxOutputs } from "../../provider/dynamic/inputs";
import {
  checked,
  configureProvider,
  emulatorConfig,
  provider,
  providerAgainstEmulator,
} from "../integration/harness";
import { registerTestCredentials, withoutKeys, type TestCredentials } from "./credentials";
import { isolatedEnvironment } from "./env";
import {
  accessTokensSeen,
  capturedOutput,
  captureOutput,
  errorTexts,
  observed,
  providerLogLines,
  registeredSecrets,
  registerSecret,
} from "./observe";

const JWT = /eyJ[\w-]+\.[\w-]+\./;
const ADDRESS = /[^\s<>"'(),;:]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}/i;

/** The values to look for: the value itself and, for PEM blocks, every line of the body. */
function needles(value: string): string[] {
  if (!value.includes("-----BEGIN")) return [value];
  return value
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length >= 20 && !line.startsWith("-----"));
}

/** Everything the provider wrote or threw in this process so far. */
function haystacks(): { where: string; text: string }[] {
  return [
    { where: "stdout/stderr", text: capturedOutput() },
    ...errorTexts().map((text, i) => ({ where: `error text #${i}`, text })),
  ];
}

describe("secrets: no credential, key, assertion or token reaches a log line or an error", function () {
  this.timeout(30_000);
  isolatedEnvironment({ EXCHANGE_CLOUD_MANAGED_LOG: "info" });
  let emulator: RunningEmulator;
  let credentials: TestCredentials;

  before(async () => {
    captureOutput();
    emulator = await providerAgainstEmulator();
    registerSecret("demo app client secret", emulator.app.clientSecret);
    credentials = registerTestCredentials(emulator);
  });
  after(async () => {
    credentials.cleanUp();
    forgetTokenProviders();
    await emulator.stop();
  });

  const signIns: [string, string, string, () => Record<string, string>][] = [
    ["a client secret", "alice@contoso.example", "info", () => emulatorConfig(emulator)],
    [
      "a certificate with an encrypted key",
      "bob@contoso.example",
      "debug",
      () => {
        const config = withoutKeys(emulatorConfig(emulator), "exchange:clientSecret");
        const pem = `${credentials.certificate.certPem}\n${credentials.certificate.encryptedKeyPem(credentials.keyPassword)}`;
        return {
          ...config,
          "exchange:clientId": credentials.certificateClientId,
          "exchange:certificatePath": credentials.file("app.pem", pem),
          "exchange:certificatePassword": credentials.keyPassword,
        };
      },
    ],
    [
      "a federated token file",
      "frank@contoso.example",
      "debug",
      () => {
        const config = withoutKeys(emulatorConfig(emulator), "exchange:clientSecret");
        return {
          ...config,
          "exchange:clientId": credentials.federatedClientId,
          "exchange:federatedTokenFile": credentials.file(
            "token.jwt",
            credentials.federatedToken(),
          ),
        };
      },
    ],
  ];

  for (const [how, identity, level, config] of signIns) {
    it(`runs create, read, update both ways and delete with revert, signed in with ${how} (log level ${level})`, async () => {
      process.env["EXCHANGE_CLOUD_MANAGED_LOG"] = level;
      forgetTokenProviders();
      await configureProvider(config());
      const created = await observed(async () =>
        provider.create(await checked({ identity, onDelete: "revert" })),
      );
      const refreshed = await observed(() => provider.read(created.id, { ...created.outs }));
      expect(refreshed.id).to.equal(created.id);
      const off = await observed(async () =>
        provider.update(
          created.id,
          created.outs as MailboxOutputs,
          await checked({ identity, cloudManaged: false, onDelete: "revert" }),
        ),
      );
      const on = await observed(async () =>
        provider.update(
          created.id,
          off.outs as MailboxOutputs,
          await checked({ identity, onDelete: "revert" }),
        ),
      );
      expect(emulator.control.mailbox(identity)?.IsExchangeCloudManaged).to.equal(true);
      await observed(() => provider.delete(created.id, on.outs as MailboxOutputs));
      expect(emulator.control.mailbox(identity)?.IsExchangeCloudManaged).to.equal(false);
    });
  }

  it("shows no registered secret, private key line or federated assertion anywhere", () => {
    expect([...registeredSecrets().keys()]).to.include.members([
      "demo app client secret",
      "certificate private key",
      "certificate key password",
      "federated assertion",
    ]);
    const leaks = [...registeredSecrets()].flatMap(([label, value]) =>
      haystacks().flatMap(({ where, text }) =>
        needles(value).some((needle) => text.includes(needle)) ? [`${label} in ${where}`] : [],
      ),
    );
    expect(leaks).to.deep.equal([]);
  });

  it("shows no access token that Exchange was presented with", () => {
    const tokens = accessTokensSeen();
    expect(tokens.length).to.be.greaterThan(0);
    const leaks = tokens.flatMap((token, i) =>
      haystacks().flatMap(({ where, text }) =>
        text.includes(token) ? [`access token #${i} in ${where}`] : [],
      ),
    );
    expect(leaks).to.deep.equal([]);
  });

  it("shows nothing shaped like a JWT", () => {
    const hits = haystacks().flatMap(({ where, text }) => (JWT.test(text) ? [where] : []));
    expect(hits).to.deep.equal([]);
  });

  it("names mailbox addresses only in debug lines, never at info or warn", () => {
    const lines = providerLogLines().filter(
      (entry) => entry.level === "info" || entry.level === "warn",
    );
    expect(lines.length, "no info or warn line was logged at all").to.be.greaterThan(0);
    const withAddress = lines
      .filter((entry) => ADDRESS.test(entry.line))
      .map((entry) => entry.line);
    expect(withAddress).to.deep.equal([]);
  });
});
