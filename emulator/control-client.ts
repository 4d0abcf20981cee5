/**
 * A small client for the `/_emulator/` control API, for processes that did not start the
 * emulator themselves. Trusts only the emulator's CA.
 */
import { request } from "node:https";
import type { EmulatorInfo } from "./control-api";
import type {
  AppRegistration,
  Counters,
  FaultConfig,
  MailboxRecord,
  OnPremAttributes,
  SeedTenant,
  SyncReport,
} from "./types";

/** {@link EmulatorControl} over HTTPS; every method is async. */
export interface ControlClient {
  info(): Promise<EmulatorInfo>;
  reset(seed?: SeedTenant): Promise<void>;
  setFaults(faults: FaultConfig): Promise<void>;
  counters(): Promise<Counters>;
  resetCounters(): Promise<void>;
  registerApp(app: AppRegistration): Promise<void>;
  /** Undefined when no recipient matches. */
  mailbox(identity: string): Promise<MailboxRecord | undefined>;
  mailboxes(): Promise<MailboxRecord[]>;
  updateMailbox(identity: string, patch: Partial<MailboxRecord>): Promise<void>;
  setOnPrem(identity: string, patch: Partial<OnPremAttributes>): Promise<void>;
  sync(): Promise<SyncReport>;
}

/** A client for the emulator at `url` (e.g. `https://127.0.0.1:PORT`) whose CA is `caPem`. */
export function controlClient(url: string, caPem: string): ControlClient {
  const call = (method: string, path: string, body?: unknown) =>
    callJson(url, caPem, method, path, body);
  const id = (identity: string) => encodeURIComponent(identity);
  return {
    info: async () => (await call("GET", "info")).body as EmulatorInfo,
    reset: async (seed) => void (await call("POST", "reset", seed === undefined ? {} : { seed })),
    setFaults: async (faults) => void (await call("PUT", "faults", faults)),
    counters: async () => (await call("GET", "counters")).body as Counters,
    resetCounters: async () => void (await call("DELETE", "counters")),
    registerApp: async (app) => void (await call("POST", "apps", app)),
    mailbox: async (identity) => {
      const reply = await callJson(
        url,
        caPem,
        "GET",
        `mailboxes/${id(identity)}`,
        undefined,
        [404],
      );
      return reply.status === 404 ? undefined : (reply.body as MailboxRecord);
    },
    mailboxes: async () => (await call("GET", "mailboxes")).body as MailboxRecord[],
    updateMailbox: async (identity, patch) =>
      void (await call("PATCH", `mailboxes/${id(identity)}`, patch)),
    setOnPrem: async (identity, patch) =>
      void (await call("PATCH", `onprem/${id(identity)}`, patch)),
    sync: async () => (await call("POST", "sync")).body as SyncReport,
  };
}

function callJson(
  base: string,
  caPem: string,
  method: string,
  path: string,
  body: unknown,
  allowed: number[] = [],
): Promise<{ status: number; body: unknown }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/_emulator/${path}`,
      {
        method,
        ca: caPem,
        headers:
          payload === undefined
            ? {}
            : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          const parsed: unknown = text === "" ? undefined : JSON.parse(text);
          if (status >= 400 && !allowed.includes(status)) {
            const message = (parsed as { error?: unknown } | undefined)?.error;
            reject(
              new Error(
                `Emulator control ${method} /_emulator/${path} failed (${status}): ${String(message ?? text)}`,
              ),
            );
            return;
          }
          resolve({ status, body: parsed });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}
