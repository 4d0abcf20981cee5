import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { LocalWorkspace, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { RunningEmulator, startEmulator } from "../../emulator";

export const REPO_ROOT = resolve(__dirname, "../..");

/**
 * A throwaway engine environment: an emulator, a file backend, and a work folder inside the
 * repository so the dynamic-provider process resolves node_modules from it.
 */
export interface EngineEnv {
  readonly emulator: RunningEmulator;
  readonly dir: string;
  readonly envVars: Record<string, string>;
  stop(): Promise<void>;
}

export async function startEngineEnv(): Promise<EngineEnv> {
  const emulator = await startEmulator();
  mkdirSync(join(REPO_ROOT, ".e2e"), { recursive: true });
  const dir = mkdtempSync(join(REPO_ROOT, ".e2e", "run-"));
  const backend = join(dir, "backend");
  mkdirSync(backend);
  return {
    emulator,
    dir,
    envVars: {
      PULUMI_BACKEND_URL: `file://${backend}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e-only-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    },
    stop: async () => {
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Stack config that points the provider process at the emulator; the secret stays encrypted. */
export async function configureForEmulator(stack: Stack, emulator: RunningEmulator): Promise<void> {
  await stack.setAllConfig({
    "exchange:tenantId": { value: emulator.tenantId },
    "exchange:clientId": { value: emulator.app.clientId },
    "exchange:clientSecret": { value: emulator.app.clientSecret, secret: true },
    "exchange:authorityHost": { value: emulator.authorityHost },
    "exchange:exchangeUrl": { value: emulator.exchangeUrl },
    "exchange:caCertificatePath": { value: emulator.caPath },
  });
}

/** An inline-program stack whose program is re-read on every operation. */
export async function inlineStack(env: EngineEnv, name: string, program: PulumiFn): Promise<Stack> {
  const workDir = mkdtempSync(join(env.dir, `${name}-`));
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: name, projectName: "e2e", program },
    {
      workDir,
      envVars: env.envVars,
      projectSettings: { name: "e2e", runtime: "nodejs", backend: { url: env.envVars["PULUMI_BACKEND_URL"] ?? "" } },
    },
  );
  await configureForEmulator(stack, env.emulator);
  return stack;
}

/** A stack of a project folder (the quickstart at the root, or an example). */
export async function projectStack(env: EngineEnv, workDir: string, name: string): Promise<Stack> {
  const stack = await LocalWorkspace.createOrSelectStack({ stackName: name, workDir }, { envVars: env.envVars });
  await configureForEmulator(stack, env.emulator);
  return stack;
}

/** Deletes a project stack's config file, which the engine writes next to Pulumi.yaml. */
export function removeStackConfigFile(workDir: string, name: string): void {
  rmSync(join(workDir, `Pulumi.${name}.yaml`), { force: true });
}

/** A fresh temp folder name, for tests that need one outside a stack. */
export function scratch(env: EngineEnv, prefix: string): string {
  return mkdtempSync(join(env.dir, prefix));
}
