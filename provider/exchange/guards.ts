/**
 * Checks made before anything is sent: inputs that would make Exchange do something unwanted
 * (return every object) and settings that cannot work.
 */
import { CloudManagedError } from "../errors";
import { isGuid } from "./wire";

/** A Get cmdlet with an empty Identity returns every object: never send one. */
export function refuseEmptyIdentity(
  cmdlet: string,
  parameters: Readonly<Record<string, unknown>>,
): void {
  if (!/^Get-/i.test(cmdlet)) return;
  const key = Object.keys(parameters).find((name) => name.toLowerCase() === "identity");
  if (key === undefined) return;
  const value = parameters[key];
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    throw new CloudManagedError(
      "InvalidInput",
      `Refusing to run ${cmdlet} with an empty Identity: Exchange would return every object. ` +
        "Pass the mailbox's UPN, primary SMTP address, ExternalDirectoryObjectId or GUID.",
      { operation: cmdlet },
    );
  }
}

export function checkPageSize(cmdlet: string, pageSize: number | undefined): void {
  if (pageSize === undefined || (Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 1000)) {
    return;
  }
  throw new CloudManagedError(
    "InvalidInput",
    `Page size ${pageSize} is out of range: use a whole number from 1 to 1000.`,
    { operation: cmdlet },
  );
}

export function checkTenant(tenantId: string): string {
  if (isGuid(tenantId)) return tenantId.toLowerCase();
  throw new CloudManagedError(
    "Configuration",
    "The access token's tenant id (tid) is not a GUID. Check the token provider and the " +
      "configured tenant.",
  );
}

export function originOf(exchangeUrl: string): string {
  try {
    return new URL(exchangeUrl).origin;
  } catch {
    throw new CloudManagedError(
      "Configuration",
      `The Exchange URL ${JSON.stringify(exchangeUrl)} is not a valid URL. Use the Exchange ` +
        "host, for example https://outlook.office365.com.",
    );
  }
}
