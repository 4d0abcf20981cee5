/**
 * The fault matrix as a printed table: fault x operation -> outcome, then totals and the
 * reasons behind every WRONG cell.
 */
import type { Outcome, Verdict } from "./verdict";

/** A cell's printed outcome. */
export type CellOutcome = Outcome | "skipped";

/** Results by fault row, then by operation. */
export type MatrixResults = Map<string, Map<string, { outcome: CellOutcome; verdict?: Verdict }>>;

/** Renders the table, the totals and the WRONG details. */
export function renderMatrix(
  rows: readonly string[],
  columns: readonly string[],
  results: MatrixResults,
): string {
  const header = ["fault \\ operation", ...columns];
  const body = rows.map((row) => [
    row,
    ...columns.map((column) => results.get(row)?.get(column)?.outcome ?? "not run"),
  ]);
  const widths = header.map((_, i) =>
    Math.max(...[header, ...body].map((line) => (line[i] ?? "").length)),
  );
  const format = (line: readonly string[]): string =>
    `| ${line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`;

  const totals = new Map<string, number>();
  const wrong: string[] = [];
  for (const row of rows) {
    for (const column of columns) {
      const cell = results.get(row)?.get(column);
      const outcome = cell?.outcome ?? "not run";
      totals.set(outcome, (totals.get(outcome) ?? 0) + 1);
      if (outcome === "WRONG")
        wrong.push(`  ${row} x ${column}: ${cell?.verdict?.problems.join("; ") ?? ""}`);
    }
  }
  const order = ["converged", "failed-clearly", "WRONG", "skipped", "not run"];
  const summary = order
    .filter((outcome) => totals.has(outcome))
    .map((outcome) => `${outcome} ${totals.get(outcome) ?? 0}`)
    .join(", ");
  return [
    "",
    "Fault matrix (fault x operation -> outcome)",
    format(header),
    rule,
    ...body.map(format),
    "",
    `Totals: ${rows.length * columns.length} cells: ${summary}`,
    ...(wrong.length === 0 ? [] : ["WRONG cells:", ...wrong]),
    "",
  ].join("\n");
}
