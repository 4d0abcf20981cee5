/**
 * A realistic emulator tenant per workload, and the provider pointed at it. A fresh emulator
 * means fresh counters, a fresh shared limiter (keyed by Exchange URL) and a fresh token cache
 * entry, so every row starts from the state a new `pulumi` run starts from.
 */
import { controlClient, generateTenant, startEmulator, type ControlClient, type MailboxRecord } from "../emulator";
import type { MailboxInputs, MailboxOutputs } from "../provider/dynamic/inputs";
import { outputsFor } from "../provider/dynamic/outputs";
import { toMailboxState } from "../provider/mailbox";
import { configureProvider } from "../test/integration/harness";
import { startEmulatorProcess } from "./emulator-process";
import { REALISTIC } from "./realistic";

/** Where the emulator runs: its own process (default, like a remote tenant) or this one. */
export type EmulatorMode = "process" | "inprocess";

let mode: EmulatorMode = "process";

/** Chooses where later tenants run. */
export function setEmulatorMode(next: EmulatorMode): void {
  mode = next;
}

/** A running tenant, steered over its control API whichever process it lives in. */
export interface Tenant {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly authorityHost: string;
  readonly exchangeUrl: string;
  readonly caPath: string;
  readonly control: ControlClient;
}

/** The provider's own pacing, as `exchange:maxConcurrency` / `exchange:requestsPerSecond`. */
export interface LimiterTuning {
  readonly maxConcurrency?: number;
  readonly requestsPerSecond?: number;
}

/** How a tuning reads in the table. */
export function tuningLabel(tuning: LimiterTuning): string {
  if (tuning.maxConcurrency === undefined && tuning.requestsPerSecond === undefined) {
    return "provider defaults";
  }
  return `maxConcurrency=${tuning.maxConcurrency ?? "default"}, requestsPerSecond=${tuning.requestsPerSecond ?? "default"}`;
}

/** Stack configuration (`exchange:*`) for the tenant plus the tuning keys. */
export function stackConfig(tenant: Tenant, tuning: LimiterTuning = {}): Record<string, string> {
  return {
    "exchange:tenantId": tenant.tenantId,
    "exchange:clientId": tenant.clientId,
    "exchange:clientSecret": tenant.clientSecret,
    "exchange:authorityHost": tenant.authorityHost,
    "exchange:exchangeUrl": tenant.exchangeUrl,
    "exchange:caCertificatePath": tenant.caPath,
    ...(tuning.maxConcurrency === undefined ? {} : { "exchange:maxConcurrency": String(tuning.maxConcurrency) }),
    ...(tuning.requestsPerSecond === undefined
      ? {}
      : { "exchange:requestsPerSecond": String(tuning.requestsPerSecond) }),
  };
}

/** Starts a tenant of `n` synced mailboxes with realistic service behaviour, runs `body`, stops it. */
export async function withTenant<T>(
  n: number,
  cloudManagedFraction: number,
  body: (tenant: Tenant) => Promise<T>,
): Promise<T> {
  const seed = generateTenant(n, { cloudManagedFraction });
  if (mode === "inprocess") {
    const emulator = await startEmulator({ seed, faults: REALISTIC });
    try {
      return await body({
        tenantId: emulator.tenantId,
        clientId: emulator.app.clientId,
        clientSecret: emulator.app.clientSecret,
        authorityHost: emulator.authorityHost,
        exchangeUrl: emulator.exchangeUrl,
        caPath: emulator.caPath,
        control: controlClient(emulator.url, emulator.caPem),
      });
    } finally {
      await emulator.stop();
    }
  }
  const emulator = await startEmulatorProcess(seed, REALISTIC);
  try {
    return await body({ ...emulator.env, control: controlClient(emulator.env.url, emulator.caPem) });
  } finally {
    await emulator.stop();
  }
}

/** Configures the in-process provider for `tenant`, as the engine's configure call does. */
export async function configureFor(tenant: Tenant, tuning: LimiterTuning = {}): Promise<void> {
  await configureProvider(stackConfig(tenant, tuning));
}

/** The synced user mailboxes of a generated tenant. */
export async function userMailboxes(tenant: Tenant): Promise<MailboxRecord[]> {
  return (await tenant.control.mailboxes()).filter((m) => m.RecipientTypeDetails === "UserMailbox");
}

/** What the state holds for a mailbox after `create`, built offline from the tenant record. */
export function storedResource(record: MailboxRecord): { id: string; props: MailboxOutputs } {
  const inputs: MailboxInputs = { identity: record.UserPrincipalName, cloudManaged: true, onDelete: "retain" };
  const outputs = outputsFor(inputs, toMailboxState(record as unknown as Record<string, unknown>));
  return { id: outputs.externalDirectoryObjectId, props: outputs };
}
