/**
 * Finds the Pulumi CLI and the Node language host without building them: on PATH, else in the
 * cache `scripts/pulumi-cli.sh` fills. Building is that script's job (it takes minutes).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "./emulator-process";

/** Where `pulumi` and `pulumi-language-nodejs` live. */
export interface PulumiCli {
  readonly binDir: string;
  /** The install root `PulumiCommand.get({ root })` takes (binDir/..). */
  readonly root: string;
}

/** Thrown when no CLI is available; its message says how to get one. */
export class PulumiCliMissing extends Error {
  override readonly name = "PulumiCliMissing";
}

/** The CLI on PATH or in the build cache; throws {@link PulumiCliMissing} otherwise. */
export function findPulumiCli(): PulumiCli {
  const onPath = which("pulumi");
  if (onPath !== undefined && which("pulumi-language-nodejs") !== undefined) {
    return { binDir: dirname(onPath), root: dirname(dirname(onPath)) };
  }
  const version = sdkVersion();
  const cacheRoot = join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "exchange-cloud-managed");
  const binDir = join(cacheRoot, `pulumi-v${version}`, "bin");
  if (existsSync(join(binDir, "pulumi")) && existsSync(join(binDir, "pulumi-language-nodejs"))) {
    return { binDir, root: dirname(binDir) };
  }
  throw new PulumiCliMissing(
    `The Pulumi CLI v${version} is not available (neither on PATH nor in ${binDir}). ` +
      'Build it first with `PATH="$(bash scripts/pulumi-cli.sh):$PATH"` (several minutes on a cold cache), ' +
      "then run the engine-level benchmark again.",
  );
}

function sdkVersion(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as {
    version: string;
  };
  return process.env["PULUMI_CLI_VERSION"]?.replace(/^v/, "") ?? pkg.version;
}

function which(command: string): string | undefined {
  try {
    const found = execFileSync("bash", ["-c", `command -v ${command}`], { encoding: "utf8" }).trim();
    return found === "" ? undefined : found;
  } catch {
    return undefined;
  }
}
