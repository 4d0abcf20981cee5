/**
 * Starts an emulator from the command line:
 *
 *   npx ts-node --transpile-only emulator/cli.ts [--port N] [--state-dir DIR] [--seed FILE]
 *     [--faults FILE] [--sync-interval-ms N] [--env-file FILE | --write-env FILE]
 *
 * Node 20 itself claims `--env-file` anywhere on the command line and exits when that file
 * does not exist yet; create it first (`: > FILE`) or use the `--write-env` alias.
 *
 * Prints the endpoints, tenant, demo app credentials and CA path; stops on SIGINT/SIGTERM.
 */
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { startEmulator } from "./index";
import type { EmulatorOptions, FaultConfig } from "./types";

const FLAGS = [
  "--port",
  "--state-dir",
  "--seed",
  "--faults",
  "--sync-interval-ms",
  "--env-file",
  "--write-env",
];

function parseArgs(argv: string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const [name, inline] = flag.split("=", 2) as [string, string | undefined];
    if (name === "--help" || name === "-h") {
      console.log(`Usage: emulator/cli.ts ${FLAGS.map((f) => `[${f} VALUE]`).join(" ")}`);
      process.exit(0);
    }
    if (!FLAGS.includes(name))
      throw new Error(`Unknown option ${name}. Options: ${FLAGS.join(", ")}.`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`Option ${name} needs a value.`);
    args[name] = value;
  }
  return args;
}

function numberArg(args: Record<string, string>, name: string): number | undefined {
  const raw = args[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`Option ${name} needs a whole number, got '${raw}'.`);
  return n;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const options: EmulatorOptions = {};
  const port = numberArg(args, "--port");
  if (port !== undefined) options.port = port;
  const syncInterval = numberArg(args, "--sync-interval-ms");
  if (syncInterval !== undefined) options.syncIntervalMs = syncInterval;
  if (args["--state-dir"] !== undefined) options.stateDir = args["--state-dir"];
  if (args["--seed"] !== undefined) options.seed = args["--seed"];
  if (args["--faults"] !== undefined) {
    options.faults = JSON.parse(readFileSync(args["--faults"], "utf8")) as FaultConfig;
  }

  const emu = await startEmulator(options);
  const lines = [
    `Exchange Online + Entra ID emulator listening on ${emu.url}`,
    `  authority:      ${emu.authorityHost}/${emu.tenantId}  (or ${emu.authorityHost}/${emu.tenantDomain})`,
    `  exchange:       ${emu.exchangeUrl}/adminapi/beta/${emu.tenantId}/InvokeCommand`,
    `  token scope:    ${emu.exchangeUrl}/.default`,
    `  tenant:         ${emu.tenantId} (${emu.tenantDomain})`,
    `  client id:      ${emu.app.clientId}`,
    `  client secret:  ${emu.app.clientSecret}   (demo only; regenerated at every start)`,
    `  CA certificate: ${emu.caPath}   (trust it: NODE_EXTRA_CA_CERTS=${emu.caPath})`,
    `  control API:    ${emu.url}/_emulator/  (see emulator/README.md)`,
  ];
  console.log(lines.join("\n"));

  const envFile = args["--write-env"] ?? args["--env-file"];
  if (envFile !== undefined) {
    const env = {
      url: emu.url,
      authorityHost: emu.authorityHost,
      exchangeUrl: emu.exchangeUrl,
      tenantId: emu.tenantId,
      tenantDomain: emu.tenantDomain,
      caPath: emu.caPath,
      clientId: emu.app.clientId,
      clientSecret: emu.app.clientSecret,
      pid: process.pid,
    };
    writeFileSync(envFile, JSON.stringify(env, null, 2) + "\n", { mode: 0o600 });
    // The mode above applies only when the file is new; a pre-created one is tightened here.
    chmodSync(envFile, 0o600);
    console.log(`  env file:       ${envFile}`);
  }

  const shutdown = (signal: string) => {
    console.log(`Received ${signal}; stopping the emulator.`);
    emu.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(
    `Emulator failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
