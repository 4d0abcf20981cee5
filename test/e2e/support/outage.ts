/**
 * Pieces of the crash-and-resume scenario: a generated tenant larger than the program, a
 * program that declares part of it, and the watch that picks the moment to break the service.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import {
  generateTenant,
  type ControlClient,
  type Counters,
  type FaultConfig,
  type SeedTenant,
} from "../../../emulator";
import { endpointConfig, type EmulatorEndpoints } from "./engine";

// The SDK as users install it: the inline program serializes the installed provider.
const sdk = require("exchange-cloud-managed") as typeof import("../../../sdk");

/** A tenant of `size` synced mailboxes, none cloud-managed, of which the first `declared` are in the program. */
export interface Fleet {
  readonly seed: SeedTenant;
  /** UPNs the program declares, in resource order. */
  readonly upns: readonly string[];
  /** Their ExternalDirectoryObjectIds (the resource ids). */
  readonly ids: ReadonlySet<string>;
  readonly program: PulumiFn;
}

/** Builds the fleet; mailboxes past `declared` exist to prove nothing undeclared is touched. */
export function fleet(size: number, declared: number): Fleet {
  const seed = generateTenant(size);
  const chosen = seed.recipients.slice(0, declared);
  const upns = chosen.map((r) => `${r.Alias}@${seed.domain}`);
  return {
    seed,
    upns,
    ids: new Set(chosen.map((r) => r.ExternalDirectoryObjectId)),
    program: async () => {
      upns.forEach(
        (upn, i) =>
          new sdk.CloudManagedMailbox(`m${String(i + 1).padStart(4, "0")}`, { identity: upn }),
      );
    },
  };
}

/** An app registration of the test's own, with a secret made now, that survives an emulator restart. */
export interface TestApp {
  readonly clientId: string;
  readonly clientSecret: string;
}

export function newTestApp(): TestApp {
  return { clientId: randomUUID(), clientSecret: `e2e~${randomBytes(24).toString("base64url")}` };
}

export async function registerTestApp(control: ControlClient, app: TestApp): Promise<void> {
  await control.registerApp({ clientId: app.clientId, secrets: [app.clientSecret] });
}

/** Stack config for the emulator and the test app; the secret stays encrypted in the stack. */
export function secretConfig(emulator: EmulatorEndpoints, app: TestApp): ConfigMap {
  return {
    ...endpointConfig(emulator, app.clientId),
    "exchange:clientSecret": { value: app.clientSecret, secret: true },
  };
}

/**
 * Polls the counters until at least `min` Set-Mailbox writes were applied; gives up after
 * `timeoutMs` or when `done()` (the operation finished before the moment came).
 */
export async function waitForWrites(
  control: ControlClient,
  min: number,
  done: () => boolean,
  timeoutMs = 180_000,
): Promise<Counters> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counters = await control.counters();
    if (appliedWrites(counters).length >= min) return counters;
    if (done()) throw new Error(`The operation ended before ${min} writes were applied.`);
    if (Date.now() > deadline)
      throw new Error(`Fewer than ${min} writes within ${timeoutMs / 1000} s.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Identities of applied Set-Mailbox writes. */
export function appliedWrites(counters: Counters): string[] {
  return counters.writes
    .filter((w) => w.cmdlet === "Set-Mailbox" && w.applied)
    .map((w) => w.identity);
}

/** Every request, token endpoint included, has its connection reset: the service is down. */
export function serviceDown(latency: FaultConfig): FaultConfig {
  return { ...latency, rules: [{ target: "any", fault: "reset" }] };
}
