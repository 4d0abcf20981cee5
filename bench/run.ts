/**
 * Prints both benchmark tables, provider-level then engine-level, each from its own process
 * (fresh token cache, limiter and module state):
 *
 *   npx ts-node --transpile-only bench/run.ts [--quick] [--parallel 64[,8]] [--only ...]
 *
 * Options are passed to both. Exits non-zero only when a benchmark crashed; targets that are
 * not met show as "no" in the tables, they do not fail the run.
 */
import { spawnSync } from "node:child_process";
import { REPO_ROOT } from "./emulator-process";

const SCRIPTS = ["bench/provider-bench.ts", "bench/engine-bench.ts"];
/** Exit code of engine-bench.ts when the Pulumi CLI is missing: reported, not a crash. */
const NOT_RUN = 2;

let crashed = false;
for (const script of SCRIPTS) {
  const result = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", script, ...process.argv.slice(2)],
    { cwd: REPO_ROOT, stdio: "inherit", timeout: 30 * 60_000 },
  );
  if (result.status !== 0 && result.status !== NOT_RUN) crashed = true;
  process.stdout.write("\n");
}
process.exit(crashed ? 1 : 0);
