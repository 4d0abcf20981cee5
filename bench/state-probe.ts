/**
 * `__provider` size: the installed provider serialized the way the engine stores it in every
 * resource's state (see test/integration/serialization.test.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { INSTALLED_PROVIDER } from "./memory-probe";

/** Bytes of `__provider` per resource, or why it could not be measured. */
export async function providerTextBytes(): Promise<{ bytes: number } | { problem: string }> {
  let provider: unknown;
  try {
    provider = require(INSTALLED_PROVIDER) as unknown;
  } catch {
    return { problem: "package not installed: run `bash scripts/install-local.sh`" };
  }
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return { bytes: Buffer.byteLength(serialized.text) };
}
