/**
 * Bulk: one CloudManagedMailbox per entry of a JSON or CSV list, so a pilot grows from a
 * handful of mailboxes to thousands by editing a file that is reviewed in pull requests.
 *
 *   pulumi config set mailboxFile mailboxes.csv   # default: mailboxes.json
 */
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CloudManagedMailbox } from "exchange-cloud-managed";
import { parseMailboxList } from "./mailbox-list";

const config = new pulumi.Config();
const file = resolve(__dirname, config.get("mailboxFile") ?? "mailboxes.json");
const entries = parseMailboxList(readFileSync(file, "utf8"), file);

const mailboxes = entries.map(
  (entry) =>
    new CloudManagedMailbox(entry.name, {
      identity: entry.identity,
      ...(entry.cloudManaged === undefined ? {} : { cloudManaged: entry.cloudManaged }),
      ...(entry.onDelete === undefined ? {} : { onDelete: entry.onDelete }),
      ...(entry.attributes === undefined ? {} : { attributes: entry.attributes }),
    }),
);

export const count = mailboxes.length;
export const cloudManaged = pulumi
  .all(mailboxes.map((m) => m.isExchangeCloudManaged))
  .apply((values) => values.filter(Boolean).length);
