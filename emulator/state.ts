/**
 * Everything one running emulator holds, shared by the route handlers.
 */
import { CounterSet } from "./counters";
import { AppDirectory } from "./entra/apps";
import { TokenIssuer } from "./entra/tokens";
import { FaultEngine } from "./faults";
import { initialDomainOf } from "./tenant/seed";
import { TenantStore } from "./tenant/store";
import type { SeedTenant } from "./tenant/types";
import type { FaultConfig } from "./types";

/** The state behind one emulator instance. */
export class EmulatorState {
  /** `https://127.0.0.1:PORT`, known once the server listens. */
  url = "";
  readonly tenantId: string;
  readonly tenantDomain: string;
  readonly initialDomain: string;
  seed: SeedTenant;
  readonly store: TenantStore;
  readonly apps = new AppDirectory();
  readonly issuer = new TokenIssuer();
  readonly faults: FaultEngine;
  readonly counters = new CounterSet();

  constructor(seed: SeedTenant, faults: FaultConfig = {}) {
    this.seed = structuredClone(seed);
    this.tenantId = seed.tenantId.toLowerCase();
    this.tenantDomain = seed.domain;
    this.initialDomain = initialDomainOf(seed);
    this.store = new TenantStore(this.seed);
    this.faults = new FaultEngine(faults);
  }

  /** The Exchange host: token audience and InvokeCommand origin. */
  get exchangeUrl(): string {
    return this.url;
  }

  /** True when a path segment names this tenant (GUID, default or initial domain). */
  isTenant(segment: string): boolean {
    let s: string;
    try {
      s = decodeURIComponent(segment).toLowerCase();
    } catch {
      return false;
    }
    return (
      s === this.tenantId ||
      s === this.tenantDomain.toLowerCase() ||
      s === this.initialDomain.toLowerCase()
    );
  }
}
