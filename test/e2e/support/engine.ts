/**
 * The real Pulumi engine, driven through the Automation API, against an emulator the test
 * controls: a file backend, PULUMI_HOME and TMPDIR all inside one folder under `.e2e/` in the
 * repository (so the dynamic-provider process resolves node_modules from it, and so every file
 * the engine writes can be scanned afterwards).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigMap, LocalWorkspace, PulumiFn, Stack } from "@pulumi/pulumi/automation";

export const REPO_ROOT = resolve(__dirname, "../../..");

/** The resource type token of CloudManagedMailbox in the state. */
export const MAILBOX_TYPE = "pulumi-nodejs:dynamic/exchange:CloudManagedMailbox";

/** One engine folder: backend, Pulumi home, temp folder and stack work folders. */
export interface EngineFolder {
  readonly dir: string;
  readonly backend: string;
  readonly pulumiHome: string;
  readonly tmp: string;
  readonly envVars: Record<string, string>;
  remove(): void;
}

/** A fresh engine folder under `.e2e/`; `extraEnv` reaches the CLI, language host and provider. */
export function engineFolder(prefix: string, extraEnv: Record<string, string> = {}): EngineFolder {
  mkdirSync(join(REPO_ROOT, ".e2e"), { recursive: true });
  const dir = mkdtempSync(join(REPO_ROOT, ".e2e", `${prefix}-`));
  const backend = join(dir, "backend");
  const pulumiHome = join(dir, "pulumi-home");
  const tmp = join(dir, "tmp");
  for (const d of [backend, pulumiHome, tmp]) mkdirSync(d);
  return {
    dir,
    backend,
    pulumiHome,
    tmp,
    envVars: {
      PULUMI_BACKEND_URL: `file://${backend}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e-only-passphrase",
      PULUMI_HOME: pulumiHome,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      // The engine's log files (without --logtostderr) go to the temp folder: keep them here.
      TMPDIR: tmp,
      ...extraEnv,
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An inline-program stack in `folder`, configured with `config`; `env` adds to the folder's variables. */
export async function inlineStack(
  folder: EngineFolder,
  name: string,
  program: PulumiFn,
  config: ConfigMap,
  env: Record<string, string> = {},
): Promise<Stack> {
  const workDir = mkdtempSync(join(folder.dir, `${name}-`));
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: name, projectName: "e2e", program },
    {
      workDir,
      envVars: { ...folder.envVars, ...env },
      projectSettings: {
        name: "e2e",
        runtime: "nodejs",
        backend: { url: folder.envVars["PULUMI_BACKEND_URL"] ?? "" },
      },
    },
  );
  await stack.setAllConfig(config);
  return stack;
}

/** Where the provider finds the emulator, and the CA it trusts. */
export interface EmulatorEndpoints {
  readonly tenantId: string;
  readonly authorityHost: string;
  readonly exchangeUrl: string;
  readonly caPath: string;
}

/** Stack config for the endpoints; the credential keys are added by the caller. */
export function endpointConfig(emulator: EmulatorEndpoints, clientId: string): ConfigMap {
  return {
    "exchange:tenantId": { value: emulator.tenantId },
    "exchange:clientId": { value: clientId },
    "exchange:authorityHost": { value: emulator.authorityHost },
    "exchange:exchangeUrl": { value: emulator.exchangeUrl },
    "exchange:caCertificatePath": { value: emulator.caPath },
  };
}

/** A CloudManagedMailbox as the exported state shows it. */
export interface StateMailbox {
  readonly urn: string;
  readonly id: string;
  readonly outputs: Record<string, unknown>;
}

/** The CloudManagedMailbox resources in the stack's current state. */
export async function mailboxesInState(stack: Stack): Promise<StateMailbox[]> {
  const exported = await stack.exportStack();
  const resources = (exported.deployment as { resources?: unknown[] }).resources ?? [];
  return resources
    .map((r) => r as { urn: string; id?: string; type: string; outputs?: Record<string, unknown> })
    .filter((r) => r.type === MAILBOX_TYPE)
    .map((r) => ({ urn: r.urn, id: r.id ?? "", outputs: r.outputs ?? {} }));
}

/** Runs `operation` and returns what it threw; fails when it did not throw. */
export async function rejection(operation: () => Promise<unknown>): Promise<unknown> {
  try {
    await operation();
  } catch (error) {
    return error;
  }
  throw new Error("The operation was expected to fail, but it succeeded.");
}
