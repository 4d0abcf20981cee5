/**
 * Plain HTTPS calls against an emulator, trusting its CA: the test suite's own client, kept
 * deliberately independent of the provider's.
 */
import { randomUUID } from "node:crypto";
import { request } from "node:https";
import { startEmulator, type RunningEmulator } from "../../emulator";

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

/** One HTTPS request trusting `caPem`. Rejects on network errors and timeouts. */
export function https(url: string, caPem: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? "GET", ca: caPem, headers: options.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on("error", reject);
      },
    );
    if (options.timeoutMs !== undefined) {
      req.setTimeout(options.timeoutMs, () => req.destroy(new Error("client timeout")));
    }
    req.on("error", reject);
    req.end(options.body);
  });
}

/** A token for the demo app with its secret. */
export async function demoToken(emu: RunningEmulator): Promise<string> {
  const answer = await tokenRequest(emu, {
    grant_type: "client_credentials",
    client_id: emu.app.clientId,
    client_secret: emu.app.clientSecret,
    scope: `${emu.exchangeUrl}/.default`,
  });
  const token = (answer.json as { access_token?: string }).access_token;
  if (token === undefined) throw new Error(`no token: ${answer.text}`);
  return token;
}

/** POSTs a form to the tenant's v2 token endpoint. */
export function tokenRequest(
  emu: RunningEmulator,
  form: Record<string, string>,
  tenant: string = emu.tenantId,
): Promise<HttpAnswer> {
  return https(`${emu.authorityHost}/${tenant}/oauth2/v2.0/token`, emu.caPem, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

export interface InvokeOptions {
  token: string;
  url?: string;
  select?: string;
  pageSize?: number;
  anchor?: string | null;
  clientRequestId?: string;
  timeoutMs?: number;
}

/** Calls InvokeCommand with the headers real clients send. */
export function invoke(
  emu: RunningEmulator,
  cmdlet: string,
  parameters: Record<string, unknown>,
  options: InvokeOptions,
): Promise<HttpAnswer> {
  const base = options.url ?? `${emu.exchangeUrl}/adminapi/beta/${emu.tenantId}/InvokeCommand`;
  const url = options.select === undefined ? base : `${base}?$select=${options.select}`;
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.token}`,
    "content-type": "application/json",
    "x-responseformat": "json",
    "client-request-id": options.clientRequestId ?? randomUUID(),
  };
  if (options.anchor !== null) {
    headers["x-anchormailbox"] =
      options.anchor ?? `APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${emu.tenantId}`;
  }
  if (options.pageSize !== undefined) headers["prefer"] = `odata.maxpagesize=${options.pageSize}`;
  const request: HttpOptions = {
    method: "POST",
    headers,
    body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
  };
  if (options.timeoutMs !== undefined) request.timeoutMs = options.timeoutMs;
  return https(url, emu.caPem, request);
}

/** The `value` array of a 200 answer. */
export function valueOf(answer: HttpAnswer): Record<string, unknown>[] {
  return (answer.json as { value: Record<string, unknown>[] }).value;
}

/** `details[0].message` of an error envelope. */
export function detailOf(answer: HttpAnswer): string {
  const body = answer.json as { error?: { details?: { message?: string }[] } };
  return body.error?.details?.[0]?.message ?? "";
}

/**
 * One emulator for a suite, back to its seed before each test, stopped after; `ready` gets
 * it and a demo-app token once it is up.
 */
export function suiteEmulator(ready: (emu: RunningEmulator, token: string) => void): void {
  let emu: RunningEmulator | undefined;
  before(async () => {
    emu = await startEmulator();
    ready(emu, await demoToken(emu));
  });
  beforeEach(() => emu?.control.reset());
  after(async () => {
    await emu?.stop();
  });
}
