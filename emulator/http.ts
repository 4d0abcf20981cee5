/**
 * Small request/response helpers shared by every route.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";

/** A response ready to send. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless a string or Buffer. */
  body?: unknown;
}

/** Reads the whole request body as text, up to 10 MB. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > 10 * 1024 * 1024) throw new Error("request body larger than 10 MB");
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses JSON text; undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes a reply unless the socket is already gone. */
export function send(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || res.destroyed) return;
  const headers: Record<string, string> = { ...reply.headers };
  let payload: Buffer | undefined;
  if (Buffer.isBuffer(reply.body)) payload = reply.body;
  else if (typeof reply.body === "string") payload = Buffer.from(reply.body);
  else if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body));
    headers["content-type"] ??= "application/json; charset=utf-8";
  }
  if (payload !== undefined) headers["content-length"] = String(payload.length);
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** A JSON reply. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body, headers };
}

/** A fresh request id as the services print them. */
export function newRequestId(): string {
  return randomUUID();
}

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A promise that resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A reply, or a connection-level misbehaviour the server acts out. */
export type Outcome = Reply | { action: "reset" } | { action: "hang"; ms?: number };

/** True when `outcome` is a plain reply. */
export function isReply(outcome: Outcome): outcome is Reply {
  return !("action" in outcome);
}
