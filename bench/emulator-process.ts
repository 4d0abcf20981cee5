/**
 * The emulator as its own process (`emulator/cli.ts`), the way a real tenant is another
 * machine: its CPU does not compete with the provider's event loop. Its files live under
 * /work/main/.bench/ (gitignored) and are removed on stop.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FaultConfig, SeedTenant } from "../emulator";

/** The repository root (bench/..). */
export const REPO_ROOT = join(__dirname, "..");

/** What `emulator/cli.ts --write-env` writes. */
export interface EmulatorEnv {
  readonly url: string;
  readonly authorityHost: string;
  readonly exchangeUrl: string;
  readonly tenantId: string;
  readonly tenantDomain: string;
  readonly caPath: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly pid: number;
}

/** A started emulator process. */
export interface EmulatorProcess {
  readonly env: EmulatorEnv;
  readonly caPem: string;
  /** A scratch directory under .bench/ that is removed on stop. */
  readonly dir: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 90_000;

/** A fresh scratch directory under /work/main/.bench/. */
export function benchTempDir(prefix: string): string {
  const root = join(REPO_ROOT, ".bench");
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, `${prefix}-`));
}

/** Starts `emulator/cli.ts` with `seed` and `faults` on an ephemeral loopback port. */
export async function startEmulatorProcess(seed: SeedTenant, faults: FaultConfig): Promise<EmulatorProcess> {
  const dir = benchTempDir("emulator");
  const seedPath = join(dir, "seed.json");
  const faultsPath = join(dir, "faults.json");
  const envPath = join(dir, "env.json");
  writeFileSync(seedPath, JSON.stringify(seed));
  writeFileSync(faultsPath, JSON.stringify(faults));
  const child = spawn(
    process.execPath,
    [
      "-r",
      "ts-node/register/transpile-only",
      "emulator/cli.ts",
      "--port",
      "0",
      "--state-dir",
      dir,
      "--seed",
      seedPath,
      "--faults",
      faultsPath,
      "--write-env",
      envPath,
    ],
    { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = () => stopChild(child, dir);
  try {
    const env = await waitForEnv(child, envPath, () => stderr);
    return { env, caPem: readFileSync(env.caPath, "utf8"), dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForEnv(child: ChildProcess, envPath: string, stderr: () => string): Promise<EmulatorEnv> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`emulator exited with ${child.exitCode}: ${stderr().trim().slice(-500)}`);
    }
    if (existsSync(envPath)) {
      try {
        return JSON.parse(readFileSync(envPath, "utf8")) as EmulatorEnv;
      } catch {
        // Still being written.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`emulator did not start within ${START_TIMEOUT_MS / 1000} s: ${stderr().trim().slice(-500)}`);
}

async function stopChild(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dir, { recursive: true, force: true });
}
