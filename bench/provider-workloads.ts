/**
 * The provider-level workloads: the dynamic provider's methods called in-process, concurrently,
 * against a realistic emulator tenant, as the engine calls them.
 */
import { performance } from "node:perf_hooks";
import type { Counters } from "../emulator";
import { httpsAgentFor, resolveSettings, tokenProviderFor } from "../provider/auth";
import type { MailboxInputs, MailboxOutputs } from "../provider/dynamic/inputs";
import { ExchangeClient, RequestLimiter } from "../provider/exchange";
import { MAILBOX_FIELDS } from "../provider/mailbox";
import { provider } from "../test/integration/harness";
import { engineOrder, runPool, sampleErrors } from "./pool";
import { admittedCalls } from "./realistic";
import { configureFor, stackConfig, storedResource, userMailboxes, withTenant, type LimiterTuning } from "./tenant";

/** What one workload measured. */
export interface Measurement {
  readonly n: number;
  readonly wallS: number;
  readonly counters: Counters;
  readonly calls: number;
  readonly failures: number;
  readonly errors: readonly string[];
}

/** `up` of `n` new resources: check + create for each, `parallel` at once. */
export async function up(
  n: number,
  parallel: number,
  tuning: LimiterTuning,
): Promise<Measurement & { notApplied: number }> {
  return withTenant(n, 0, async (tenant) => {
    await configureFor(tenant, tuning);
    const upns = (await userMailboxes(tenant)).map((m) => m.UserPrincipalName);
    await tenant.control.resetCounters();
    const started = performance.now();
    const result = await engineOrder(upns, parallel, async (upn) => {
      const checked = await provider.check({}, { identity: upn });
      if ((checked.failures ?? []).length > 0) throw new Error(JSON.stringify(checked.failures));
      return checked.inputs as MailboxInputs;
    }, async (inputs) => {
      await provider.create(inputs);
    });
    const wallS = (performance.now() - started) / 1000;
    const counters = await tenant.control.counters();
    const notApplied = (await userMailboxes(tenant)).filter((m) => !m.IsExchangeCloudManaged).length;
    return {
      n,
      wallS,
      counters,
      calls: admittedCalls(counters),
      failures: result.failures.size,
      errors: sampleErrors(result),
      notApplied,
    };
  });
}

/**
 * The same work as a PowerShell loop does it: for each mailbox Get-Mailbox, Set-Mailbox,
 * Get-Mailbox, one call at a time (same client, retries and TLS as the provider).
 */
export async function sequential(n: number): Promise<Measurement> {
  return withTenant(n, 0, async (tenant) => {
    const settings = resolveSettings(stackConfig(tenant), {});
    const client = new ExchangeClient({
      exchangeUrl: settings.exchangeUrl,
      tokens: tokenProviderFor(settings),
      httpsAgent: httpsAgentFor(settings.caCertificatePath),
      limiter: new RequestLimiter({ maxConcurrency: 1, requestsPerSecond: 1000 }),
    });
    const upns = (await userMailboxes(tenant)).map((m) => m.UserPrincipalName);
    await tenant.control.resetCounters();
    // A script signs in once (Connect-ExchangeOnline) before its loop: counted, not timed.
    await tokenProviderFor(settings).getToken();
    const started = performance.now();
    const result = await runPool(upns, 1, async (upn) => {
      await client.invoke("Get-Mailbox", { Identity: upn }, { select: MAILBOX_FIELDS });
      await client.invoke("Set-Mailbox", { Identity: upn, IsExchangeCloudManaged: true });
      await client.invoke("Get-Mailbox", { Identity: upn }, { select: MAILBOX_FIELDS });
    });
    const wallS = (performance.now() - started) / 1000;
    const counters = await tenant.control.counters();
    return {
      n,
      wallS,
      counters,
      calls: admittedCalls(counters),
      failures: result.failures.size,
      errors: sampleErrors(result),
    };
  });
}

/**
 * `preview --refresh` of `n` cloud-managed resources whose program is unchanged: read each
 * (refresh), then check + diff it against the program (preview). `drifted` mailboxes are
 * flipped behind the program's back first.
 */
export async function refresh(
  n: number,
  parallel: number,
  drifted: number,
  tuning: LimiterTuning,
): Promise<Measurement & { flipped: ReadonlySet<string>; changed: ReadonlySet<string> }> {
  return withTenant(n, 1, async (tenant) => {
    await configureFor(tenant, tuning);
    const resources = (await userMailboxes(tenant)).map(storedResource);
    const flipped = new Set<string>();
    const step = Math.max(1, Math.floor(resources.length / Math.max(1, drifted)));
    for (let i = 0; i < drifted && i * step < resources.length; i++) {
      const id = (resources[i * step] as { id: string }).id;
      await tenant.control.updateMailbox(id, { IsExchangeCloudManaged: false });
      flipped.add(id);
    }
    await tenant.control.resetCounters();
    const changed = new Set<string>();
    const started = performance.now();
    const result = await runPool(resources, parallel, async ({ id, props }) => {
      const read = await provider.read(id, props as unknown as Record<string, unknown>);
      if (read.id === "") throw new Error(`${id} read as gone`);
      const program = { identity: props.identity, cloudManaged: true, onDelete: "retain" };
      const checked = await provider.check(read.inputs ?? {}, program);
      const diff = await provider.diff(id, read.props as MailboxOutputs, checked.inputs as MailboxInputs);
      if (diff.changes === true) changed.add(id);
    });
    const wallS = (performance.now() - started) / 1000;
    const counters = await tenant.control.counters();
    return {
      n,
      wallS,
      counters,
      calls: admittedCalls(counters),
      failures: result.failures.size,
      errors: sampleErrors(result),
      flipped,
      changed,
    };
  });
}
