/**
 * A local Exchange Online + Entra ID tenant over HTTPS, for tests, benchmarks and the demo.
 * It shares no code with the provider: it is a second, independent reading of the protocol.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServerCredentials } from "./certs";
import { createControl } from "./control";
import { listen } from "./server";
import { EmulatorState } from "./state";
import { loadSeed } from "./tenant/seed";
import type { EmulatorOptions, RunningEmulator } from "./types";

export type * from "./types";
export { createTestCertificate, type TestCertificate, type TestCertificateOptions } from "./certs";
export { controlClient, type ControlClient } from "./control-client";
export { generateTenant, type GenerateOptions } from "./seed/generate";
export { signJwt } from "./jwt";

/** Client id of the demo app every emulator registers at start. */
export const DEMO_CLIENT_ID = "5e3b6f3a-2c1d-4e8f-9a7b-0c1d2e3f4a5b";

/** Starts an emulator on 127.0.0.1 with a fresh CA, server certificate and demo secret. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = loadSeed(options.seed);
  const state = new EmulatorState(seed, options.faults);
  const clientSecret = `emu~${randomBytes(24).toString("base64url")}`;
  state.apps.register({ clientId: DEMO_CLIENT_ID, secrets: [clientSecret] });

  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "exchange-emulator-"));
  mkdirSync(stateDir, { recursive: true });
  const credentials = createServerCredentials();
  const caPath = join(stateDir, "ca.pem");
  writeFileSync(caPath, credentials.ca.certPem, { mode: 0o644 });

  const control = createControl(state);
  const info = () => ({
    url: state.url,
    authorityHost: state.url,
    exchangeUrl: state.exchangeUrl,
    tenantId: state.tenantId,
    tenantDomain: state.tenantDomain,
    caPath,
    clientId: DEMO_CLIENT_ID,
  });
  const server = await listen(state, control, info, credentials.server, options.port ?? 0);
  const address = server.server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  state.url = `https://127.0.0.1:${port}`;

  const timer =
    options.syncIntervalMs !== undefined && options.syncIntervalMs > 0
      ? setInterval(() => control.sync(), options.syncIntervalMs)
      : undefined;
  timer?.unref();

  return {
    url: state.url,
    authorityHost: state.url,
    exchangeUrl: state.exchangeUrl,
    tenantId: state.tenantId,
    tenantDomain: state.tenantDomain,
    caPath,
    caPem: credentials.ca.certPem,
    app: { clientId: DEMO_CLIENT_ID, clientSecret },
    control,
    stop: async () => {
      if (timer !== undefined) clearInterval(timer);
      await server.close();
      // A state dir the emulator made itself goes with it; a caller's dir is the caller's.
      if (options.stateDir === undefined) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
