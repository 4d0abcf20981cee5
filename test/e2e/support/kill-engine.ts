/**
 * Kills a Pulumi run the way a cancelled CI job does: SIGKILL to the CLI and every process it
 * started, with no chance to save state. Only processes of this test's own engine folder are
 * touched: they are found by the PULUMI_HOME the folder gave them.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Pids (other than this process) whose environment holds PULUMI_HOME=`pulumiHome`. */
export function processesOf(pulumiHome: string): number[] {
  const marker = `PULUMI_HOME=${pulumiHome}\0`;
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (`${readFileSync(`/proc/${pid}/environ`, "utf8")}\0`.includes(marker)) pids.push(pid);
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return pids;
}

/** SIGKILLs every process of the engine folder; returns how many there were. */
export function killEngine(pulumiHome: string): number {
  const pids = processesOf(pulumiHome);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Exited between the scan and the kill.
    }
  }
  return pids.length;
}
