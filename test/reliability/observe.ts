/**
 * What the reliability suites observe beyond return values, shared by every suite in the
 * mocha process: the Exchange calls the emulator received (in order, with their
 * client-request-id), the bearer tokens they carried, everything written to stdout/stderr,
 * every error the provider threw, and the secrets the suites handed to the provider.
 */
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";

/** One InvokeCommand request as the emulator's server received it. */
export interface ExchangeCall {
  readonly seq: number;
  readonly cmdlet: string;
  readonly clientRequestId: string;
}

const calls: ExchangeCall[] = [];
const bearerTokens = new Set<string>();

subscribe("http.server.request.start", (message: unknown) => {
  const request = (message as { request?: IncomingMessage }).request;
  if (request === undefined) return;
  const authorization = request.headers.authorization;
  if (typeof authorization === "string" && /^bearer /i.test(authorization)) {
    bearerTokens.add(authorization.slice(7).trim());
  }
  if (!(request.url ?? "").includes("/adminapi/")) return;
  calls.push({
    seq: calls.length,
    cmdlet: String(request.headers["x-cmdletname"] ?? "?"),
    clientRequestId: String(request.headers["client-request-id"] ?? ""),
  });
});

/** A position in the call log; pass it to {@link callsSince}. */
export function callMark(): number {
  return calls.length;
}

/** The Exchange calls received since `mark`, in arrival order. */
export function callsSince(mark: number): readonly ExchangeCall[] {
  return calls.slice(mark);
}

/** Every access token any emulator was presented with in this process. */
export function accessTokensSeen(): readonly string[] {
  return [...bearerTokens];
}

const PROVIDER_LINE = /^exchange-cloud-managed (debug|info|warn): /;
const output: string[] = [];
let installed = false;

/**
 * Records everything written to stdout and stderr from now on. Provider log lines are kept
 * off the terminal (they are many under faults); set RELIABILITY_SHOW_LOGS=1 to see them.
 */
export function captureOutput(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    const tee = (chunk: unknown, ...rest: unknown[]): boolean => {
      const text =
        typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
      output.push(text);
      if (PROVIDER_LINE.test(text) && process.env["RELIABILITY_SHOW_LOGS"] === undefined) {
        const callback = rest.find((arg): arg is () => void => typeof arg === "function");
        callback?.();
        return true;
      }
      return original(chunk, ...rest);
    };
    stream.write = tee as typeof stream.write;
  }
}

/** Everything captured so far, as one text. */
export function capturedOutput(): string {
  return output.join("");
}

/** The provider's log lines captured so far, with their level. */
export function providerLogLines(): { level: string; line: string }[] {
  return capturedOutput()
    .split("\n")
    .map((line) => ({ line, level: PROVIDER_LINE.exec(line)?.[1] ?? "" }))
    .filter((entry) => entry.level !== "");
}

const errors: unknown[] = [];

/** Keeps an error the provider threw, for the leak scan. */
export function recordError(error: unknown): void {
  errors.push(error);
}

/** Message, stack, context and the whole cause chain of every recorded error, as text. */
export function errorTexts(): string[] {
  return errors.flatMap((error) => describeError(error, 0));
}

function describeError(error: unknown, depth: number): string[] {
  if (depth > 8) return [];
  if (!(error instanceof Error)) return [String(error)];
  const own = Object.fromEntries(Object.entries(error).filter(([key]) => key !== "cause"));
  const texts = [error.message, error.stack ?? "", String(error), safeJson(own)];
  const nested = error instanceof AggregateError ? (error.errors as unknown[]) : [];
  const cause = (error as { cause?: unknown }).cause;
  return [
    ...texts,
    ...(cause === undefined ? [] : describeError(cause, depth + 1)),
    ...nested.flatMap((inner) => describeError(inner, depth + 1)),
  ];
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

const secrets = new Map<string, string>();

/** Remembers a value that must never appear in output or errors; `label` names it in failures. */
export function registerSecret(label: string, value: string): void {
  if (value.trim().length >= 8) secrets.set(label, value);
}

/** Every registered secret, by label. */
export function registeredSecrets(): ReadonlyMap<string, string> {
  return secrets;
}

/** Runs a provider call, recording what it throws before rethrowing. */
export async function observed<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    recordError(error);
    throw error;
  }
}

/** Runs a provider call and returns what it threw, or undefined when it succeeded. */
export async function failureOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await observed(call);
    return undefined;
  } catch (error) {
    return error;
  }
}
