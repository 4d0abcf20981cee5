import { expect } from "chai";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { forgetTokenProviders, resolveSettings } from "../../provider/auth";
import { CloudManagedError } from "../../provider/errors";
import {
  checked,
  configureProvider,
  emulatorConfig,
  provider,
  providerAgainstEmulator,
} from "../integration/harness";
import { isolatedEnvironment } from "./env";
import { failureOf } from "./observe";

const ROOT = path.resolve(__dirname, "../..");
const SCANNED = ["provider", "sdk", "emulator", "test", "scripts", "examples", "bench"];
const SKIPPED_FOLDERS = new Set(["node_modules", "dist", ".e2e", ".pulumi-state", ".git"]);
const TEXT_FILE = /\.(ts|js|mjs|cjs|json|sh|md|ya?ml)$/;
/** Ways to turn certificate verification off; this file is the only place they may be written. */
const VERIFICATION_OFF = [
  /rejectUnauthorized\s*[:=]\s*(false|0)\b/,
  /NODE_TLS_REJECT_UNAUTHORIZED/,
];

function sourceFiles(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return SKIPPED_FOLDERS.has(name) ? [] : sourceFiles(file);
    return TEXT_FILE.test(name) ? [file] : [];
  });
}

describe("TLS: certificate verification is never turned off and endpoints are https only", function () {
  this.timeout(20_000);
  isolatedEnvironment();

  it("no source, test, script, example or benchmark disables certificate verification", () => {
    const files = SCANNED.flatMap((folder) => sourceFiles(path.join(ROOT, folder))).filter(
      (file) => path.resolve(file) !== path.resolve(__filename),
    );
    expect(files.length).to.be.greaterThan(50);
    const hits = files.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) =>
          VERIFICATION_OFF.some((pattern) => pattern.test(line))
            ? [`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(hits).to.deep.equal([]);
  });

  const base = {
    "exchange:tenantId": "7f3c9a52-1d4e-4b6a-9c8e-2a5b6c7d8e9f",
    "exchange:clientId": "5e3b6f3a-2c1d-4e8f-9a7b-0c1d2e3f4a5b",
    "exchange:clientSecret": "placeholder-not-a-secret",
  };
  const overrides: [string, Record<string, string>, Record<string, string>, RegExp][] = [
    [
      "an http Exchange URL in config",
      { "exchange:exchangeUrl": "http://127.0.0.1:8443" },
      {},
      /config exchange:exchangeUrl must use https/,
    ],
    [
      "an http authority host in config",
      { "exchange:authorityHost": "http://127.0.0.1:8443" },
      {},
      /config exchange:authorityHost must use https/,
    ],
    [
      "an http EXCHANGE_ONLINE_URL",
      {},
      { EXCHANGE_ONLINE_URL: "http://127.0.0.1:8443" },
      /EXCHANGE_ONLINE_URL must use https/,
    ],
    [
      "an http AZURE_AUTHORITY_HOST",
      {},
      { AZURE_AUTHORITY_HOST: "http://127.0.0.1:8443" },
      /AZURE_AUTHORITY_HOST must use https/,
    ],
    [
      "another scheme",
      { "exchange:exchangeUrl": "ftp://127.0.0.1" },
      {},
      /exchange:exchangeUrl must use https/,
    ],
  ];
  for (const [what, config, env, message] of overrides) {
    it(`refuses ${what}, naming the key`, () => {
      let error: unknown;
      try {
        resolveSettings({ ...base, ...config }, env);
      } catch (e) {
        error = e;
      }
      expect(CloudManagedError.isInstance(error) && error.kind).to.equal("Configuration");
      expect((error as Error).message).to.match(message);
    });
  }

  it("takes a bare host name as https", () => {
    const settings = resolveSettings({ ...base, "exchange:exchangeUrl": "127.0.0.1:8443" }, {});
    expect(settings.exchangeUrl).to.equal("https://127.0.0.1:8443");
  });

  describe("against an emulator whose CA is not configured", () => {
    let emulator: RunningEmulator;
    before(async () => {
      emulator = await providerAgainstEmulator();
    });
    after(async () => emulator.stop());

    it("refuses the untrusted certificate, says to set exchange:caCertificatePath and writes nothing", async () => {
      const config = emulatorConfig(emulator);
      delete config["exchange:caCertificatePath"];
      forgetTokenProviders();
      await configureProvider(config);
      const error = await failureOf(async () =>
        provider.create(await checked({ identity: "alice@contoso.example" })),
      );
      expect((error as Error | undefined)?.message).to.match(
        /not trusted[\s\S]*exchange:caCertificatePath/,
      );
      expect(emulator.control.counters().writes).to.deep.equal([]);
    });
  });
});
