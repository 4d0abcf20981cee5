/**
 * The HTTPS server: routes Entra, Exchange and control requests, applies latency and the
 * concurrency cap, and acts out connection-level faults.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { Socket } from "node:net";
import { handleControl, type EmulatorInfo } from "./control-api";
import { instanceDiscovery, openIdConfiguration, signingKeys } from "./entra/metadata";
import { issueToken } from "./entra/token-endpoint";
import { handleBatch } from "./exchange/batch";
import { handleInvoke } from "./exchange/invoke";
import { concurrencyExceeded, faultOutcome } from "./fault-replies";
import { delay, isReply, json, parseJson, readBody, send, type Outcome } from "./http";
import type { EmulatorState } from "./state";
import type { EmulatorControl } from "./types";
import { badParameter, errorReply } from "./exchange/errors";

/** A listening server and the means to tear it down. */
export interface EmulatorServer {
  server: Server;
  /** Closes the listener and destroys open (also hanging) connections. */
  close(): Promise<void>;
}

/** Starts listening on 127.0.0.1:`port`. */
export async function listen(
  state: EmulatorState,
  control: EmulatorControl,
  info: () => EmulatorInfo,
  tls: { certPem: string; keyPem: string },
  port: number,
): Promise<EmulatorServer> {
  const sockets = new Set<Socket>();
  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    route(state, control, info, req, res).catch((error: unknown) => {
      send(
        res,
        json(500, {
          error: { code: "InternalServerError", message: `Emulator fault: ${String(error)}` },
        }),
      );
    });
  });
  server.on("secureConnection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function route(
  state: EmulatorState,
  control: EmulatorControl,
  info: () => EmulatorInfo,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", state.url);
  const method = req.method ?? "GET";
  const segments = url.pathname.split("/").filter((s) => s !== "");
  const body = await readBody(req);

  if (segments[0] === "_emulator") {
    send(
      res,
      handleControl(control, info(), method, url.pathname.slice("/_emulator".length), body),
    );
    return;
  }
  if (segments[0] === "adminapi") {
    await exchangeRoute(state, req, res, url, segments, body);
    return;
  }
  await entraRoute(state, req, res, url, segments, body);
}

async function entraRoute(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  segments: string[],
  body: string,
): Promise<void> {
  const [tenant = "", ...rest] = segments;
  const tail = rest.join("/");
  const method = req.method ?? "GET";
  await delay(state.faults.latency());
  if (
    method === "GET" &&
    (tail === "v2.0/.well-known/openid-configuration" ||
      tail === ".well-known/openid-configuration")
  ) {
    return act(res, openIdConfiguration(state, tenant));
  }
  if (method === "GET" && tail === "discovery/instance") return act(res, instanceDiscovery(state));
  if (method === "GET" && (tail === "discovery/v2.0/keys" || tail === "discovery/keys")) {
    return act(res, signingKeys(state, tenant));
  }
  if (method === "POST" && (tail === "oauth2/v2.0/token" || tail === "oauth2/token")) {
    state.counters.tokenRequest();
    const rule = state.faults.match({ target: "token" });
    if (rule !== undefined) return act(res, faultOutcome(rule));
    return act(
      res,
      issueToken(state, tenant, new URLSearchParams(body), req.headers.authorization),
    );
  }
  return act(
    res,
    json(404, {
      error: "not_found",
      error_description: `No emulator endpoint at ${method} ${url.pathname}.`,
    }),
  );
}

async function exchangeRoute(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  segments: string[],
  raw: string,
): Promise<void> {
  const [, version, tenant = "", operation = ""] = segments;
  const kind =
    operation.toLowerCase() === "invokecommand"
      ? "invoke"
      : operation === "$batch"
        ? "batch"
        : undefined;
  if (req.method !== "POST" || kind === undefined || version !== "beta") {
    const status = version === "v1.0" || (kind !== undefined && req.method !== "POST") ? 405 : 404;
    return act(res, { status });
  }
  const clientRequestId = req.headers["client-request-id"];
  state.counters.request(typeof clientRequestId === "string" ? clientRequestId : undefined);
  if (!state.faults.enter()) {
    const reply = concurrencyExceeded(state.faults.current().maxConcurrent ?? 0);
    state.counters.status(reply.status);
    return act(res, reply);
  }
  state.counters.enter();
  try {
    await delay(state.faults.latency());
    const body = parseJson(raw);
    let outcome: Outcome;
    if (body === undefined)
      outcome = errorReply(badParameter("The request body is not valid JSON."));
    else if (kind === "batch") outcome = handleBatch(state, tenant, body, req.headers);
    else {
      const header = req.headers["prefer"];
      const prefer = Array.isArray(header) ? header.join(",") : header;
      outcome = handleInvoke(state, { tenant, query: url.searchParams, body, prefer }, req.headers);
    }
    if (isReply(outcome) && (kind === "invoke" || outcome.status !== 200))
      state.counters.status(outcome.status);
    await act(res, outcome);
  } finally {
    state.faults.leave();
    state.counters.leave();
  }
}

/** Sends a reply, or resets / hangs the connection. */
async function act(res: ServerResponse, outcome: Outcome): Promise<void> {
  if (isReply(outcome)) return send(res, outcome);
  if (outcome.action === "reset") {
    res.socket?.destroy();
    return;
  }
  await new Promise<void>((resolve) => {
    res.once("close", resolve);
    if (outcome.ms !== undefined) {
      setTimeout(() => {
        send(res, { status: 504, body: "Gateway Timeout" });
        resolve();
      }, outcome.ms);
    }
  });
}
