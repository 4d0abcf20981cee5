/**
 * The control API under `/_emulator/`: {@link EmulatorControl} over JSON for processes that
 * do not share memory with the emulator (CLI runs, the Pulumi engine's provider, scripts).
 * Loopback only and unauthenticated.
 */
import { isRecord, json, parseJson, type Reply } from "./http";
import type { SeedTenant } from "./tenant/types";
import type { AppRegistration, EmulatorControl, FaultConfig } from "./types";

/** Public facts about the running emulator, served at `GET /_emulator/info`. */
export interface EmulatorInfo {
  url: string;
  authorityHost: string;
  exchangeUrl: string;
  tenantId: string;
  tenantDomain: string;
  caPath: string;
  clientId: string;
}

/** Answers one control request; `path` starts after `/_emulator`. */
export function handleControl(
  control: EmulatorControl,
  info: EmulatorInfo,
  method: string,
  path: string,
  rawBody: string,
): Reply {
  const body = rawBody === "" ? undefined : parseJson(rawBody);
  if (rawBody !== "" && body === undefined)
    return json(400, { error: "The body is not valid JSON." });
  const [resource, ...rest] = path.replace(/^\/+/, "").split("/");
  const identity = rest.length > 0 ? decodeURIComponent(rest.join("/")) : undefined;
  try {
    switch (`${method} ${resource ?? ""}${identity === undefined ? "" : "/:id"}`) {
      case "GET info":
        return json(200, info);
      case "POST reset":
        control.reset(
          isRecord(body) && isRecord(body["seed"])
            ? (body["seed"] as unknown as SeedTenant)
            : undefined,
        );
        return json(200, { ok: true });
      case "PUT faults":
      case "POST faults":
        control.setFaults((body ?? {}) as FaultConfig);
        return json(200, { ok: true });
      case "GET counters":
        return json(200, control.counters());
      case "DELETE counters":
      case "POST counters/:id":
        control.resetCounters();
        return json(200, { ok: true });
      case "GET mailboxes":
        return json(200, control.mailboxes());
      case "GET mailboxes/:id": {
        const record = control.mailbox(identity as string);
        return record === undefined
          ? json(404, { error: `No recipient matches '${identity}'.` })
          : json(200, record);
      }
      case "PATCH mailboxes/:id":
        control.updateMailbox(identity as string, (body ?? {}) as Record<string, never>);
        return json(200, control.mailbox(identity as string) ?? { ok: true });
      case "PATCH onprem/:id":
        control.setOnPrem(identity as string, (body ?? {}) as Record<string, never>);
        return json(200, { ok: true });
      case "POST sync":
        return json(200, control.sync());
      case "POST apps":
        if (!isRecord(body) || typeof body["clientId"] !== "string") {
          return json(400, { error: 'An app registration needs at least {"clientId": "..."}.' });
        }
        control.registerApp(body as unknown as AppRegistration);
        return json(200, { ok: true });
      default:
        return json(404, {
          error: `Unknown control route ${method} /_emulator${path}. See emulator/README.md.`,
        });
    }
  } catch (error) {
    return json(400, { error: error instanceof Error ? error.message : String(error) });
  }
}
