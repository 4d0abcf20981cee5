/**
 * One comparable table for every benchmark row, provider-level and engine-level alike.
 */

/** One measured workload. */
export interface BenchRow {
  readonly workload: string;
  readonly n: number;
  /** Concurrent resource operations (the engine's `--parallel`). */
  readonly parallel?: number;
  readonly wallS?: number;
  readonly optimumS?: number;
  /** e.g. "Get-Mailbox 520, Set-Mailbox 500". */
  readonly calls?: string;
  readonly throttled?: number;
  readonly tokenRequests?: number;
  readonly failures?: number;
  /** The row's headline measurement, in words: "27 calls (N/37)", "312 B/resource". */
  readonly result: string;
  readonly target: string;
  /** Undefined when the row is a reference, not a target. */
  readonly met?: boolean;
}

const HEADER = [
  "workload",
  "N",
  "parallel",
  "wall s",
  "optimum s",
  "ratio",
  "calls by cmdlet",
  "429s",
  "token reqs",
  "failures",
  "result",
  "target",
  "met?",
];

/** Renders rows as a markdown table. */
export function markdownTable(rows: readonly BenchRow[]): string {
  const lines = [row(HEADER), row(HEADER.map(() => "---"))];
  for (const r of rows) {
    lines.push(
      row([
        r.workload,
        String(r.n),
        r.parallel === undefined ? "" : String(r.parallel),
        seconds(r.wallS),
        seconds(r.optimumS),
        r.wallS !== undefined && r.optimumS !== undefined ? `${(r.wallS / r.optimumS).toFixed(2)}x` : "",
        r.calls ?? "",
        r.throttled === undefined ? "" : String(r.throttled),
        r.tokenRequests === undefined ? "" : String(r.tokenRequests),
        r.failures === undefined ? "" : String(r.failures),
        r.result,
        r.target,
        r.met === undefined ? "ref" : r.met ? "yes" : "**no**",
      ]),
    );
  }
  return lines.join("\n");
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
}

function seconds(value: number | undefined): string {
  return value === undefined ? "" : value.toFixed(value < 10 ? 2 : 1);
}
