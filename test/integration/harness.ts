import { startEmulator, RunningEmulator } from "../../emulator";
import * as provider from "../../provider/dynamic";
import { MailboxInputs } from "../../provider/dynamic/inputs";
import { setRuntimeOverrides } from "../../provider/dynamic/runtime";

/** Stack configuration that points the provider at an emulator, as `pulumi config` would. */
export function emulatorConfig(emulator: RunningEmulator): Record<string, string> {
  return {
    "exchange:tenantId": emulator.tenantId,
    "exchange:clientId": emulator.app.clientId,
    "exchange:clientSecret": emulator.app.clientSecret,
    "exchange:authorityHost": emulator.authorityHost,
    "exchange:exchangeUrl": emulator.exchangeUrl,
    "exchange:caCertificatePath": emulator.caPath,
  };
}

/** Configures the in-process provider the way the engine's configure call does. */
export async function configureProvider(config: Record<string, string>): Promise<void> {
  await provider.configure({
    config: {
      get: (key: string) => config[key],
      require: (key: string) => {
        const value = config[key];
        if (value === undefined) throw new Error(`missing ${key}`);
        return value;
      },
    },
  });
}

/** Short waits so fault tests finish in seconds; the logic is the production one. */
export const FAST = {
  verify: { timeoutMs: 3_000, initialDelayMs: 20, maxDelayMs: 200 },
  retry: { maxAttempts: 5, budgetMs: 8_000, baseDelayMs: 20, maxDelayMs: 200 },
  timeoutMs: 1_500,
};

/** Starts an emulator and points the provider at it, with fast retry and verify timings. */
export async function providerAgainstEmulator(): Promise<RunningEmulator> {
  const emulator = await startEmulator();
  setRuntimeOverrides(FAST);
  await configureProvider(emulatorConfig(emulator));
  return emulator;
}

/** Inputs as `check` produces them. */
export async function checked(raw: Record<string, unknown>): Promise<MailboxInputs> {
  const result = await provider.check({}, raw);
  if ((result.failures ?? []).length > 0) throw new Error(JSON.stringify(result.failures));
  return result.inputs as MailboxInputs;
}

export { provider };

/**
 * Checks and creates a resource for each identity, `parallel` at a time, as the engine's step
 * executor runs them; returns the error messages of the creates that failed.
 */
export async function createAll(
  identities: readonly string[],
  parallel: number,
): Promise<string[]> {
  const queue = [...identities];
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let identity = queue.shift(); identity !== undefined; identity = queue.shift()) {
        await provider
          .create(await checked({ identity }))
          .catch((error: Error) => failures.push(error.message));
      }
    }),
  );
  return failures;
}
