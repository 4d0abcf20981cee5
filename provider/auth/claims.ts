/** Reads claims from an access token without verifying it (Entra ID already did). */

/** The payload of a JWT as an object, or undefined when `token` is not a JWT. */
export function jwtPayload(token: string): Record<string, unknown> | undefined {
  const payload = token.split(".")[1];
  if (payload === undefined || payload === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The string value of `claim`, when present. */
export function stringClaim(token: string, claim: string): string | undefined {
  const value = jwtPayload(token)?.[claim];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The `exp` claim as a Date, when present. */
export function expiryClaim(token: string): Date | undefined {
  const value = jwtPayload(token)?.["exp"];
  return typeof value === "number" && Number.isFinite(value) ? new Date(value * 1000) : undefined;
}
