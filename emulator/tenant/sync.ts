/**
 * One directory sync cycle: on-prem AD values flow to the cloud. Identity attributes always
 * flow; Exchange attributes flow only to objects that are not cloud-managed.
 */
import type { TenantStore } from "./store";
import { EXCHANGE_ATTRIBUTE_NAMES, type MailboxRecord, type SyncReport } from "./types";

/** Runs a sync cycle over every synced object of `store`. */
export function runSyncCycle(store: TenantStore): SyncReport {
  const report: SyncReport = { examined: 0, overwritten: [], skippedCloudManaged: [] };
  const current = new Map(store.all().map((r) => [r.ExternalDirectoryObjectId, r]));
  for (const id of store.syncedIds()) {
    const onPrem = store.onPremOf(id);
    const record = current.get(id);
    if (onPrem === undefined || record === undefined) continue;
    report.examined++;
    const flowExchange = !record.IsExchangeCloudManaged;
    if (!flowExchange) report.skippedCloudManaged.push(id);
    const changes: Partial<Record<keyof MailboxRecord, unknown>> = {};
    if (record.DisplayName !== onPrem.DisplayName) changes.DisplayName = onPrem.DisplayName;
    let exchangeChanged = false;
    if (flowExchange) {
      for (const key of EXCHANGE_ATTRIBUTE_NAMES) {
        if (sameValue(record[key], onPrem[key])) continue;
        changes[key] = structuredClone(onPrem[key]);
        exchangeChanged = true;
      }
    }
    if (Object.keys(changes).length === 0) continue;
    store.write(id, (r) => Object.assign(r, changes));
    if (exchangeChanged) report.overwritten.push(id);
  }
  return report;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
