/**
 * The emulator as its own process (`emulator/cli.ts`), the way a real tenant is another
 * machine: its CPU does not compete with the provider's event loop. Its files live under
 * .bench/ (gitignored) and are removed on stop.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { FaultConfig, SeedTenant } from "../emulator";
import { startEmulatorProcess as spawnEmulator, type EmulatorEnvFile } from "../emulator/process";

/** The repository root (bench/..). */
export const REPO_ROOT = join(__dirname, "..");

/** What `emulator/cli.ts --write-env` writes. */
export type EmulatorEnv = EmulatorEnvFile;

/** A started emulator process. */
export interface EmulatorProcess {
  readonly env: EmulatorEnv;
  readonly caPem: string;
  /** A scratch directory under .bench/ that is removed on stop. */
  readonly dir: string;
  stop(): Promise<void>;
}

/** A fresh scratch directory under .bench/. */
export function benchTempDir(prefix: string): string {
  const root = join(REPO_ROOT, ".bench");
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, `${prefix}-`));
}

/** Starts `emulator/cli.ts` with `seed` and `faults` on an ephemeral loopback port. */
export async function startEmulatorProcess(
  seed: SeedTenant,
  faults: FaultConfig,
): Promise<EmulatorProcess> {
  const dir = benchTempDir("emulator");
  try {
    const running = await spawnEmulator({ dir, seed, faults });
    return {
      env: running.env,
      caPem: running.caPem,
      dir,
      stop: async () => {
        await running.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
