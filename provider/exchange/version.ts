/**
 * The package version, for the `X-ClientApplication` header. Read from the package's own
 * package.json, found by walking up from this file (its depth differs between the source tree
 * and the compiled `dist/`).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const PACKAGE_NAME = "exchange-cloud-managed";
let cached: string | undefined;

/** This package's version, or `0.0.0` when its package.json cannot be found. */
export function packageVersion(): string {
  cached ??= findVersion(__dirname) ?? "0.0.0";
  return cached;
}

function findVersion(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const version = versionIn(join(dir, "package.json"));
    if (version !== undefined) return version;
    if (dirname(dir) === dir) return undefined;
  }
}

function versionIn(file: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
    return parsed.name === PACKAGE_NAME && typeof parsed.version === "string"
      ? parsed.version
      : undefined;
  } catch {
    return undefined;
  }
}
