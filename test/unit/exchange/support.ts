/**
 * Test doubles for the Exchange client: a scripted HTTP server on 127.0.0.1 and a fake token
 * provider. Nothing here talks to any other host.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import axios from "axios";
import {
  ExchangeClient,
  RequestLimiter,
  type ExchangeClientOptions,
  type TokenProvider,
} from "../../../provider/exchange";

export const TENANT = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

/** One request as the server saw it. */
export interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What the server answers; `reset` destroys the socket, `hang` never answers. */
export type Reply =
  | { readonly status?: number; readonly headers?: Record<string, string>; readonly body?: unknown }
  | "reset"
  | "hang";

export type Script = (request: Seen, index: number) => Reply | Promise<Reply>;

/** A running scripted server. */
export interface TestServer {
  readonly url: string;
  readonly seen: Seen[];
  script: Script;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1, port 0, answering by `script`. */
export async function startServer(script: Script = () => ok([])): Promise<TestServer> {
  const seen: Seen[] = [];
  const state: { script: Script } = { script };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: Seen = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      seen.push(request);
      void Promise.resolve(state.script(request, seen.length - 1)).then((reply) => {
        if (reply === "hang") return;
        if (reply === "reset") {
          req.socket.destroy();
          return;
        }
        const body = reply.body;
        const payload =
          body === undefined
            ? ""
            : Buffer.isBuffer(body) || typeof body === "string"
              ? body
              : JSON.stringify(body);
        res.writeHead(reply.status ?? 200, {
          "content-type": "application/json",
          ...reply.headers,
        });
        res.end(payload);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    get script() {
      return state.script;
    },
    set script(next: Script) {
      state.script = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A 200 answer with `value` and optional extra top-level members. */
export function ok(value: unknown[], extra: Record<string, unknown> = {}): Reply {
  return { status: 200, body: { "@odata.context": "https://x/$metadata", value, ...extra } };
}

/** The OData error envelope of a failed cmdlet. */
export function envelope(code: string, exceptionType: string, text: string): unknown {
  return {
    error: {
      code,
      message: "Error executing cmdlet",
      details: [{ code: "Context", target: "", message: `Ex6F9304|${exceptionType}|${text}` }],
      innererror: {
        message: "Error executing cmdlet",
        type: "Microsoft.Exchange.Admin.OData.Core.ODataServiceException",
      },
    },
  };
}

/** A token provider that counts its calls and hands out numbered tokens. */
export class FakeTokens implements TokenProvider {
  calls = 0;
  async getToken(): Promise<{ token: string; expiresOn: Date; tenantId: string }> {
    this.calls += 1;
    return {
      token: `token-${this.calls}`,
      expiresOn: new Date(Date.now() + 3600_000),
      tenantId: TENANT,
    };
  }
}

/**
 * A client aimed at `server` with fast retries (merged under `options.retry`) and a limiter that
 * does not slow tests down.
 */
export function clientFor(
  server: TestServer,
  options: Partial<ExchangeClientOptions> = {},
): ExchangeClient {
  return new ExchangeClient({
    exchangeUrl: server.url,
    tokens: new FakeTokens(),
    transport: axios.create({ proxy: false }),
    limiter: new RequestLimiter({ maxConcurrency: 64, requestsPerSecond: 10_000, burst: 10_000 }),
    timeoutMs: 2_000,
    ...options,
    retry: { baseDelayMs: 5, maxDelayMs: 20, budgetMs: 5_000, ...options.retry },
  });
}

/** Resolves with the rejection of `promise`, failing when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}
