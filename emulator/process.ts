/**
 * The emulator as a process of its own (`emulator/cli.ts`), the way a real tenant is another
 * machine: its CPU does not compete with the client's, and a test can kill it the way a
 * service goes away (SIGKILL, memory lost). Loopback only; every file it writes (seed,
 * faults, env, CA) lives in a folder the caller owns.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { controlClient, type ControlClient } from "./control-client";
import type { FaultConfig, SeedTenant } from "./types";

const REPO_ROOT = resolve(__dirname, "..");
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** What `emulator/cli.ts --write-env` writes. */
export interface EmulatorEnvFile {
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

/** How to start one emulator process. */
export interface EmulatorProcessOptions {
  /** Loopback port; a restart passes the port of the process it replaces. @default 0 (any) */
  readonly port?: number;
  /** Where seed, faults, env file and `ca.pem` go; reused across restarts. */
  readonly dir: string;
  readonly seed: SeedTenant;
  readonly faults?: FaultConfig;
}

/** A running emulator process. */
export interface EmulatorProcess {
  readonly env: EmulatorEnvFile;
  readonly caPem: string;
  readonly control: ControlClient;
  readonly pid: number;
  /** Sends SIGKILL and waits for the exit: the tenant's memory is gone. */
  kill(): Promise<void>;
  /** SIGTERM (SIGKILL after 10 s) and waits for the exit. Safe to call twice. */
  stop(): Promise<void>;
}

/** A loopback port that was free a moment ago (the OS picks it; we close and reuse it). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts `emulator/cli.ts` and waits until it has written its env file. */
export async function startEmulatorProcess(
  options: EmulatorProcessOptions,
): Promise<EmulatorProcess> {
  const seedPath = join(options.dir, "seed.json");
  const faultsPath = join(options.dir, "faults.json");
  const envPath = join(options.dir, "env.json");
  writeFileSync(seedPath, JSON.stringify(options.seed));
  writeFileSync(faultsPath, JSON.stringify(options.faults ?? {}));
  rmSync(envPath, { force: true });
  const child = spawn(
    process.execPath,
    [
      "-r",
      "ts-node/register/transpile-only",
      "emulator/cli.ts",
      "--port",
      String(options.port ?? 0),
      "--state-dir",
      options.dir,
      "--seed",
      seedPath,
      "--faults",
      faultsPath,
      "--write-env",
      envPath,
    ],
    // NODE_OPTIONS cleared: mocha's loaders are not the emulator's business.
    {
      cwd: REPO_ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, NODE_OPTIONS: "" },
    },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));
  const stop = () => stopChild(child, exited, "SIGTERM");
  try {
    const env = await waitForEnvFile(child, envPath, () => stderr);
    const caPem = readFileSync(env.caPath, "utf8");
    return {
      env,
      caPem,
      control: controlClient(env.url, caPem),
      pid: env.pid,
      kill: () => stopChild(child, exited, "SIGKILL"),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForEnvFile(
  child: ChildProcess,
  envPath: string,
  stderr: () => string,
): Promise<EmulatorEnvFile> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The emulator exited with ${child.exitCode}: ${stderr().trim().slice(-500)}`);
    }
    if (existsSync(envPath)) {
      try {
        return JSON.parse(readFileSync(envPath, "utf8")) as EmulatorEnvFile;
      } catch {
        // Still being written; read again on the next tick.
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `The emulator did not start within ${START_TIMEOUT_MS / 1000} s: ${stderr().trim().slice(-500)}`,
  );
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<void>,
  signal: NodeJS.Signals,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
