/**
 * A 401 that refuses the access token itself (expired in flight, revoked): replace the token
 * once, then stop, because new tokens being refused is not something a retry fixes.
 */
import { CloudManagedError, ErrorContext } from "../errors";
import { AttemptFailure } from "./retry";

/** What one logical call remembers about its tokens across retries. */
export interface TokenState {
  /** The token Exchange refused, so the next attempt asks for another. */
  rejected?: string;
}

/** A 401 whose challenge says the token itself is bad (expired, revoked, not yet valid). */
export function refusesToken(headers: Readonly<Record<string, string | undefined>>): boolean {
  const challenge = `${headers["www-authenticate"] ?? ""} ${headers["x-ms-diagnostics"] ?? ""}`;
  return /invalid_token|token (has )?expired/i.test(challenge);
}

/**
 * The first refusal is retried at once with a new token (the old one may have expired in
 * flight); a second one means new tokens are refused too, which a retry will not fix.
 */
export function tokenRefused(state: TokenState, token: string, context: ErrorContext): AttemptFailure {
  if (state.rejected === undefined) {
    state.rejected = token;
    return {
      error: new CloudManagedError(
        "Transient",
        "Exchange refused the access token as expired or invalid; retrying with a new one.",
        context,
      ),
      retryAfterMs: 0,
    };
  }
  return {
    error: new CloudManagedError(
      "Unauthorized",
      "Exchange refused a newly issued access token as expired or invalid. Check that this " +
        "machine's clock is right, and that the token is for this Exchange endpoint " +
        "(exchange:environment or exchange:exchangeUrl must match the cloud of exchange:authorityHost).",
      context,
    ),
  };
}
