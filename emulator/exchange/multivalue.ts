/**
 * Multi-valued parameters: a full array replaces, a `#Exchange.GenericHashTable` with
 * `Add`/`Remove` edits.
 */
import { isRecord } from "../http";
import { typeName } from "./cmdlet";
import { badParameter } from "./errors";

/** A parsed multi-valued parameter. */
export type MultiValueChange =
  { kind: "replace"; values: string[] } | { kind: "edit"; add: string[]; remove: string[] };

/** Parses the JSON form of a multi-valued parameter. */
export function parseMultiValue(name: string, value: unknown): MultiValueChange {
  if (value === null) return { kind: "replace", values: [] };
  if (typeof value === "string") return { kind: "replace", values: [value] };
  if (Array.isArray(value))
    return { kind: "replace", values: value.map((v) => stringItem(name, v)) };
  if (isRecord(value)) {
    const add: string[] = [];
    const remove: string[] = [];
    for (const [key, item] of Object.entries(value)) {
      const lower = key.toLowerCase();
      if (lower === "@odata.type") continue;
      if (lower !== "add" && lower !== "remove") {
        throw badParameter(
          `Cannot process argument transformation on parameter '${name}'. The hashtable key '${key}' is not valid; use 'Add' or 'Remove'.`,
        );
      }
      const items = item === null ? [] : Array.isArray(item) ? item : [item];
      (lower === "add" ? add : remove).push(...items.map((v) => stringItem(name, v)));
    }
    return { kind: "edit", add, remove };
  }
  throw badParameter(
    `Cannot process argument transformation on parameter '${name}'. Cannot convert the "${String(value)}" value of type "${typeName(value)}" to type "Microsoft.Exchange.Data.MultiValuedProperty\`1[System.String]".`,
  );
}

/** Applies a change to current values; `same` decides equality (default case-insensitive). */
export function applyMultiValue(
  current: readonly string[],
  change: MultiValueChange,
  same: (a: string, b: string) => boolean = (a, b) => a.toLowerCase() === b.toLowerCase(),
): string[] {
  if (change.kind === "replace") return dedupe(change.values, same);
  const kept = current.filter((v) => !change.remove.some((r) => same(v, r)));
  for (const added of change.add) if (!kept.some((v) => same(v, added))) kept.push(added);
  return kept;
}

function dedupe(values: string[], same: (a: string, b: string) => boolean): string[] {
  const out: string[] = [];
  for (const v of values) if (!out.some((o) => same(o, v))) out.push(v);
  return out;
}

function stringItem(name: string, value: unknown): string {
  if (typeof value !== "string") {
    throw badParameter(
      `Cannot process argument transformation on parameter '${name}'. Cannot convert value "${String(value)}" of type "${typeName(value)}" to type "System.String".`,
    );
  }
  return value;
}
