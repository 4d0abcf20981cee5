import { readFileSync } from "node:fs";
import * as https from "node:https";
import * as path from "node:path";
import * as tls from "node:tls";
import { CloudManagedError } from "../errors";

const agents = new Map<string, https.Agent>();
const SYSTEM_ROOTS_ONLY = "";

/**
 * The keep-alive HTTPS agent shared by MSAL and the Exchange client: one per process per CA
 * file. It trusts the system roots plus, when given, the CA certificates in the PEM file
 * (for TLS-inspecting proxies or the local emulator). Verification is never turned off.
 *
 * @param caCertificatePath - An extra PEM file of CA certificates to trust; read once.
 * @throws CloudManagedError of kind `Configuration` when the file cannot be read or holds no
 *   certificate.
 */
export function httpsAgentFor(caCertificatePath?: string): https.Agent {
  const key = caCertificatePath === undefined ? SYSTEM_ROOTS_ONLY : path.resolve(caCertificatePath);
  const cached = agents.get(key);
  if (cached !== undefined) return cached;

  // One TLS context for every connection: given as `ca`, the system roots plus the file
  // would be parsed again for each new socket (tens of ms of CPU each).
  const secureContext =
    key === SYSTEM_ROOTS_ONLY
      ? undefined
      : tls.createSecureContext({ ca: [...tls.rootCertificates, readCaFile(key)] });
  const agent = new https.Agent({
    keepAlive: true,
    rejectUnauthorized: true,
    ...(secureContext === undefined ? {} : { secureContext }),
  });
  agents.set(key, agent);
  return agent;
}

/** Closes the idle sockets of every agent and forgets them. For tests and clean shutdown. */
export function destroyHttpsAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

function readCaFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "read error";
    throw new CloudManagedError(
      "Configuration",
      `Cannot read the CA certificate file set by exchange:caCertificatePath or ` +
        `EXCHANGE_CA_CERTIFICATE_PATH (${code}): check the path and that the file is readable.`,
      { operation: "load CA certificate" },
    );
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
    throw new CloudManagedError(
      "Configuration",
      "The CA certificate file set by exchange:caCertificatePath or EXCHANGE_CA_CERTIFICATE_PATH " +
        "holds no PEM certificate: export the CA as PEM (-----BEGIN CERTIFICATE-----).",
      { operation: "load CA certificate" },
    );
  }
  return pem;
}
