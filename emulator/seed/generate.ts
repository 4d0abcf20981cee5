/**
 * Generated tenants for benchmarks: n synced user mailboxes with deterministic ids.
 */
import { createHash } from "node:crypto";
import type { SeedRecipient, SeedTenant } from "../tenant/types";

/** Options of {@link generateTenant}. */
export interface GenerateOptions {
  /** Share of mailboxes already cloud-managed, 0..1, spread evenly. @default 0 */
  cloudManagedFraction?: number;
  /** @default "contoso.example" */
  domain?: string;
  /** @default a GUID derived from the domain */
  tenantId?: string;
}

/** A tenant of `n` synced UserMailboxes `user00001@{domain}` ... with deterministic ids. */
export function generateTenant(n: number, options: GenerateOptions = {}): SeedTenant {
  const domain = options.domain ?? "contoso.example";
  const fraction = Math.min(1, Math.max(0, options.cloudManagedFraction ?? 0));
  const recipients: SeedRecipient[] = [];
  for (let i = 1; i <= n; i++) {
    const alias = `user${String(i).padStart(5, "0")}`;
    // Evenly spread: mailbox i is cloud-managed when the running share crosses a whole number.
    const cloudManaged = Math.floor(i * fraction) > Math.floor((i - 1) * fraction);
    recipients.push({
      Guid: deterministicGuid(`${domain}:guid:${i}`),
      ExternalDirectoryObjectId: deterministicGuid(`${domain}:edoid:${i}`),
      Alias: alias,
      DisplayName: `User ${String(i).padStart(5, "0")}`,
      IsDirSynced: true,
      IsExchangeCloudManaged: cloudManaged,
      CustomAttribute1: `dept-${i % 10}`,
    });
  }
  return {
    tenantId: options.tenantId ?? deterministicGuid(`${domain}:tenant`),
    domain,
    recipients,
  };
}

/** A version-4-shaped GUID derived from `input`. */
export function deterministicGuid(input: string): string {
  const h = createHash("sha256").update(input).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
