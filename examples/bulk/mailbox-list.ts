/** One declared mailbox of the bulk list. */
export interface MailboxEntry {
  /** Resource name: stable, unique within the stack. Defaults to the identity. */
  readonly name: string;
  readonly identity: string;
  readonly cloudManaged?: boolean;
  readonly onDelete?: "retain" | "revert";
  /** Owned attributes (JSON lists only), passed to the resource as they are. */
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/**
 * Reads a list of mailboxes from JSON (an array of objects, or of identity strings) or CSV
 * (a header row with `identity` and optional `name`, `cloudManaged`, `onDelete`). Every
 * problem is reported with its line or index, all at once.
 */
export function parseMailboxList(text: string, source: string): MailboxEntry[] {
  const rows = source.toLowerCase().endsWith(".csv") ? csvRows(text) : jsonRows(text, source);
  const problems: string[] = [];
  const names = new Set<string>();
  const entries: MailboxEntry[] = [];
  rows.forEach(({ where, fields, attributes }) => {
    const identity = (fields["identity"] ?? "").trim();
    if (identity === "") {
      problems.push(`${where}: identity is missing`);
      return;
    }
    const name = (fields["name"] ?? "").trim() || identity;
    if (names.has(name)) problems.push(`${where}: name "${name}" is used twice`);
    names.add(name);
    const cloudManaged = parseBoolean(fields["cloudManaged"], `${where}: cloudManaged`, problems);
    const onDelete = (fields["onDelete"] ?? "").trim();
    if (onDelete !== "" && onDelete !== "retain" && onDelete !== "revert") {
      problems.push(`${where}: onDelete must be retain or revert, got "${onDelete}"`);
    }
    if (attributes !== undefined && (typeof attributes !== "object" || attributes === null || Array.isArray(attributes))) {
      problems.push(`${where}: attributes must be an object`);
    }
    entries.push({
      name,
      identity,
      ...(typeof attributes === "object" && attributes !== null ? { attributes: attributes as Record<string, unknown> } : {}),
      ...(cloudManaged === undefined ? {} : { cloudManaged }),
      ...(onDelete === "retain" || onDelete === "revert" ? { onDelete } : {}),
    });
  });
  if (problems.length > 0) {
    throw new Error(`${source} has ${problems.length} problem(s):\n  - ${problems.join("\n  - ")}`);
  }
  return entries;
}

interface Row {
  readonly where: string;
  readonly fields: Readonly<Record<string, string | undefined>>;
  readonly attributes?: unknown;
}

function jsonRows(text: string, source: string): Row[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) throw new Error(`${source} must hold a JSON array of mailboxes`);
  return data.map((item: unknown, i) => {
    if (typeof item === "string") return { where: `entry ${i}`, fields: { identity: item } };
    const { attributes, ...rest } = (item ?? {}) as Record<string, unknown>;
    const fields = Object.fromEntries(
      Object.entries(rest).map(([k, v]) => [k, v === undefined ? undefined : String(v)]),
    );
    return { where: `entry ${i}`, fields, ...(attributes === undefined ? {} : { attributes }) };
  });
}

function csvRows(text: string): Row[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const header = (lines[0] ?? "").split(",").map((h) => h.trim());
  return lines.slice(1).flatMap((line, i) => {
    if (line === "" || line.startsWith("#")) return [];
    const cells = line.split(",").map((c) => c.trim());
    return [{ where: `line ${i + 2}`, fields: Object.fromEntries(header.map((h, j) => [h, cells[j]])) }];
  });
}

function parseBoolean(value: string | undefined, where: string, problems: string[]): boolean | undefined {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "") return undefined;
  if (v === "true") return true;
  if (v === "false") return false;
  problems.push(`${where} must be true or false, got "${value}"`);
  return undefined;
}
