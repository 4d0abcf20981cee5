/**
 * Server-driven paging: `Prefer: odata.maxpagesize`, and `@odata.nextLink` URLs that the
 * client POSTs the same body to.
 */
import { createHash } from "node:crypto";
import { badParameter } from "./errors";

/** Largest page the service sends. */
export const MAX_PAGE_SIZE = 1000;

/** The page size asked for in a `Prefer` header, clamped to 1..1000. */
export function pageSizeOf(prefer: string | undefined): { size: number; applied: boolean } {
  const match = prefer === undefined ? null : /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer);
  if (match === null) return { size: MAX_PAGE_SIZE, applied: false };
  const n = Number(match[1]);
  return { size: Math.min(MAX_PAGE_SIZE, Math.max(1, n)), applied: true };
}

/** A skip token that binds an offset to the request body it continues. */
export function encodeSkipToken(offset: number, body: unknown): string {
  return Buffer.from(JSON.stringify({ s: offset, h: bodyHash(body) })).toString("base64url");
}

/** The offset a skip token carries; throws when it belongs to another request body. */
export function decodeSkipToken(token: string | null, body: unknown): number {
  if (token === null) return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const s = (parsed as { s?: unknown } | undefined)?.s;
  const h = (parsed as { h?: unknown } | undefined)?.h;
  if (typeof s !== "number" || typeof h !== "string") {
    throw badParameter("The $skiptoken is not valid. Follow @odata.nextLink exactly as returned.");
  }
  if (h !== bodyHash(body)) {
    throw badParameter(
      "The $skiptoken belongs to a different request. POST the same body to @odata.nextLink that produced it.",
    );
  }
  return s;
}

function bodyHash(body: unknown): string {
  return createHash("sha256").update(JSON.stringify(body)).digest("base64url").slice(0, 16);
}
