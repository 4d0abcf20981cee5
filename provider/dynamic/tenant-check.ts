import { isErrorOfKind } from "../errors";
import { InputFailure, UNKNOWN } from "./inputs";
import { runtime } from "./runtime";

/**
 * Lets `pulumi preview` explain refusals that only the tenant can tell (not found, ambiguous,
 * a group, cloud-only, soft-deleted) for identities that are new or changed, so a reviewer of
 * a pull request sees them before merge. Only those refusals are reported; anything else
 * (no credentials yet, a network blip) is left for create, which reports it with its context.
 */
export async function tenantFailures(
  olds: Readonly<Record<string, unknown>>,
  inputs: Readonly<Record<string, unknown>>,
): Promise<InputFailure[]> {
  const identity = inputs["identity"];
  if (typeof identity !== "string" || identity === UNKNOWN || identity === olds["identity"])
    return [];
  try {
    await runtime().service.resolve(identity);
    return [];
  } catch (error) {
    if (isErrorOfKind(error, "NotFound", "Ambiguous", "NotEligible")) {
      return [{ property: "identity", reason: error.message.replace(/ \[[^\]]*\]$/, "") }];
    }
    return [];
  }
}
