#!/usr/bin/env node
/**
 * `exchange-cloud-managed export`: reads the tenant and writes a bulk stack definition of the
 * mailboxes that are already cloud-managed, with their current attributes, so an existing
 * tenant is adopted by one `pulumi up` that changes nothing.
 *
 * Credentials come from the environment only (AZURE_*, ARM_*, GitHub OIDC): a secret on the
 * command line would show in process lists and shell history.
 */
import { writeFileSync } from "node:fs";
import { CloudManagedError } from "../provider/errors";
import { toStackDefinition } from "./export";
import { listWith } from "./list";

const USAGE = `usage: exchange-cloud-managed export [--out FILE] [--all]
  [--tenant-id ID] [--client-id ID] [--environment worldwide|gcc|gcchigh|dod|china]
  [--authority-host URL] [--exchange-url URL] [--ca-certificate-path FILE]

Writes a JSON list for examples/bulk: the mailboxes already cloud-managed (all synced
mailboxes with --all, the others as cloudManaged: false). Credentials come from
AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE (or ARM_*).`;

const FLAGS: Readonly<Record<string, string>> = {
  "--tenant-id": "exchange:tenantId",
  "--client-id": "exchange:clientId",
  "--environment": "exchange:environment",
  "--authority-host": "exchange:authorityHost",
  "--exchange-url": "exchange:exchangeUrl",
  "--ca-certificate-path": "exchange:caCertificatePath",
};

/** Runs the command line; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "export") {
    process.stderr.write(`${USAGE}\n`);
    return command === undefined || command === "--help" ? 0 : 2;
  }
  const config: Record<string, string> = {};
  let out: string | undefined;
  let all = false;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i] ?? "";
    if (flag === "--all") {
      all = true;
      continue;
    }
    const value = rest[i + 1];
    if (value === undefined || !(flag === "--out" || flag in FLAGS)) {
      process.stderr.write(`unknown or incomplete option "${flag}"\n${USAGE}\n`);
      return 2;
    }
    if (flag === "--out") out = value;
    else config[FLAGS[flag] as string] = value;
    i++;
  }
  try {
    const mailboxes = await listWith(config, process.env, all ? {} : { cloudManaged: true });
    const text = `${JSON.stringify(toStackDefinition(mailboxes), null, 2)}\n`;
    if (out === undefined) process.stdout.write(text);
    else writeFileSync(out, text);
    process.stderr.write(`exported ${mailboxes.length} mailbox(es)${out === undefined ? "" : ` to ${out}`}\n`);
    return 0;
  } catch (error) {
    const message = CloudManagedError.isInstance(error) ? error.message : String(error);
    process.stderr.write(`export failed: ${message}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
