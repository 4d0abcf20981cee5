/**
 * The in-process {@link EmulatorControl}: reset, faults, counters, out-of-band edits and
 * sync cycles.
 */
import type { EmulatorState } from "./state";
import { runSyncCycle } from "./tenant/sync";
import type { MailboxRecord, SeedTenant } from "./tenant/types";
import type { AppRegistration, EmulatorControl } from "./types";

/** Builds the control surface of `state`. */
export function createControl(state: EmulatorState): EmulatorControl {
  const one = (identity: string): MailboxRecord | undefined => {
    const matches = state.store.find(identity);
    if (matches.length > 1) {
      throw new Error(
        `'${identity}' names ${matches.length} recipients (${matches.map((m) => m.ExternalDirectoryObjectId).join(", ")}); ` +
          `use the ExternalDirectoryObjectId or the primary SMTP address.`,
      );
    }
    return matches[0];
  };
  const required = (identity: string): MailboxRecord => {
    const record = one(identity);
    if (record === undefined) throw new Error(`No recipient matches '${identity}'.`);
    return record;
  };
  return {
    reset(seed?: SeedTenant) {
      // The tenant id stays: tokens already issued and MSAL's authority are bound to it.
      if (seed !== undefined) state.seed = { ...structuredClone(seed), tenantId: state.tenantId };
      state.store.load(state.seed);
      state.faults.set({});
      state.counters.reset();
    },
    setFaults: (faults) => state.faults.set(faults),
    counters: () => state.counters.snapshot(),
    resetCounters: () => state.counters.reset(),
    registerApp: (app: AppRegistration) => state.apps.register(app),
    mailbox: one,
    mailboxes: () => state.store.all(),
    updateMailbox(identity, patch) {
      const record = required(identity);
      state.store.write(record.ExternalDirectoryObjectId, (r) =>
        Object.assign(r, structuredClone(patch)),
      );
    },
    setOnPrem(identity, patch) {
      state.store.patchOnPrem(required(identity).ExternalDirectoryObjectId, patch);
    },
    sync: () => runSyncCycle(state.store),
  };
}
