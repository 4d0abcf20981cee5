/**
 * Command-line options shared by the benchmarks.
 */

/** Parsed `--name value` / `--flag` options. */
export interface BenchArgs {
  readonly quick: boolean;
  /** Engine `--parallel` values to run the concurrent workloads at. @default [64] */
  readonly parallel: readonly number[];
  /** `--only up,refresh,...`: the workload groups to run. @default all */
  readonly only: ReadonlySet<string> | undefined;
  /**
   * `--emulator process|inprocess`: where the provider-level emulator runs.
   * @default process, or inprocess with --quick (starts faster)
   */
  readonly emulator: "process" | "inprocess";
}

/** Parses argv (without node and the script). */
export function parseArgs(argv: readonly string[]): BenchArgs {
  let quick = false;
  let parallel: number[] = [64];
  let only: Set<string> | undefined;
  let emulator: "process" | "inprocess" | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.split("=", 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    if (name === "--quick") quick = true;
    else if (name === "--parallel") parallel = value().split(",").map(positiveInt);
    else if (name === "--only") only = new Set(value().split(","));
    else if (name === "--emulator") emulator = mode(value());
    else {
      throw new Error(
        `Unknown option ${name}. Options: --quick, --parallel N[,N...], --only a,b, --emulator process|inprocess`,
      );
    }
  }
  return { quick, parallel, only, emulator: emulator ?? (quick ? "inprocess" : "process") };
}

function mode(text: string): "process" | "inprocess" {
  if (text === "process" || text === "inprocess") return text;
  throw new Error(`--emulator is process or inprocess, got ${text}`);
}

function positiveInt(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--parallel needs whole numbers >= 1, got ${text}`);
  return n;
}

/** Whether a workload group runs under `--only`. */
export function wanted(args: BenchArgs, group: string): boolean {
  return args.only === undefined || args.only.has(group);
}
