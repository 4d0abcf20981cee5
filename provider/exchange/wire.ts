/**
 * The InvokeCommand wire format: URL, headers and body going out; body text, objects and the
 * next-page link coming back. No I/O here.
 */
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { CloudManagedError } from "../errors";
import type { ExchangeObject } from "./types";

/** The system mailbox that app-only calls are routed by. */
const SYSTEM_MAILBOX = "SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROPERTY_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** True for a GUID in its 8-4-4-4-12 hex form. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/**
 * A hashtable parameter, e.g. `EmailAddresses: hashtable({ Add: ["smtp:a@contoso.com"] })`,
 * the JSON form of PowerShell's `@{Add=...; Remove=...}`.
 */
export function hashtable(entries: {
  readonly Add?: unknown;
  readonly Remove?: unknown;
}): Readonly<Record<string, unknown>> {
  return { "@odata.type": "#Exchange.GenericHashTable", ...entries };
}

/** The first-page URL; `$select` property names are checked so nothing else enters the query. */
export function invokeUrl(
  exchangeUrl: string,
  tenantId: string,
  select?: readonly string[],
): string {
  const base = `${exchangeUrl}/adminapi/beta/${tenantId}/InvokeCommand`;
  if (select === undefined || select.length === 0) return base;
  const bad = select.find((name) => !PROPERTY_NAME.test(name));
  if (bad !== undefined) {
    throw new CloudManagedError(
      "InvalidInput",
      `Cannot select the property ${JSON.stringify(bad)}: property names are letters, digits ` +
        "and underscores. Fix the select list passed to the Exchange client.",
    );
  }
  return `${base}?$select=${select.join(",")}`;
}

/** The routing hint for app-only calls. */
export function anchorMailbox(tenantId: string): string {
  return `APP:${SYSTEM_MAILBOX}@${tenantId}`;
}

/** The request body: the cmdlet and its parameters. */
export function invokeBody(cmdlet: string, parameters: Readonly<Record<string, unknown>>): string {
  return JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } });
}

/** `url` without its query string or fragment, for error context and logs. */
export function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

/**
 * Decodes a body that may be compressed. Bytes that claim an encoding but do not decode (a
 * known answer to unknown cmdlets) come back as-is for the classifier to judge.
 */
export function decodeBody(data: unknown, contentEncoding: string | undefined): string {
  const bytes = toBuffer(data);
  const encoding = (contentEncoding ?? "").trim().toLowerCase();
  try {
    if (encoding === "gzip" || encoding === "x-gzip" || isGzip(bytes)) {
      return gunzipSync(bytes).toString("utf8");
    }
    if (encoding === "deflate") return inflateSync(bytes).toString("utf8");
    if (encoding === "br") return brotliDecompressSync(bytes).toString("utf8");
  } catch {
    return bytes.toString("latin1");
  }
  return bytes.toString("utf8");
}

/** A successful page: its objects with annotations stripped, and the link to the next page. */
export interface Page {
  readonly objects: ExchangeObject[];
  readonly nextLink?: string;
  readonly adminApiErrors?: unknown;
  /** `@adminapi.warnings`: may name recipients, so only for debug logs. */
  readonly warnings?: readonly string[];
}

/**
 * Reads a 2xx body. Returns undefined when it is not the expected JSON shape; an empty body
 * (Set cmdlets) is an empty page.
 */
export function readPage(text: string): Page | undefined {
  if (text.trim() === "") return { objects: [] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
  const record = json as Record<string, unknown>;
  const value = record["value"];
  if (value !== undefined && !Array.isArray(value)) return undefined;
  const objects = (value ?? []).filter(isRecord).map(stripAnnotations);
  const next = record["@odata.nextLink"];
  const errors = record["@adminapi.errors"];
  const warnings = record["@adminapi.warnings"];
  return {
    objects,
    ...(typeof next === "string" && next !== "" ? { nextLink: next } : {}),
    ...(errors === undefined || errors === null ? {} : { adminApiErrors: errors }),
    ...(Array.isArray(warnings) && warnings.length > 0 ? { warnings: warnings.map(String) } : {}),
  };
}

/** Drops OData annotation keys (any key containing `@`), at the top level of an object. */
export function stripAnnotations(object: Readonly<Record<string, unknown>>): ExchangeObject {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !key.includes("@")));
}

/** Response headers as a plain object with lower-case names. */
export function lowerCaseHeaders(headers: unknown): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  if (typeof headers !== "object" || headers === null) return result;
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (typeof value === "string") result[name.toLowerCase()] = value;
    else if (Array.isArray(value)) result[name.toLowerCase()] = value.join(", ");
    else if (typeof value === "number") result[name.toLowerCase()] = String(value);
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (data === undefined || data === null) return Buffer.alloc(0);
  return Buffer.from(JSON.stringify(data), "utf8");
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
