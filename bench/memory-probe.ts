/**
 * Peak memory of a provider process: a child `node` that loads the installed package the way
 * the engine's dynamic-provider host does (with `@pulumi/pulumi`), configures it and reads
 * `n` mailboxes concurrently. The emulator runs elsewhere, so it does not count.
 */
import { spawn } from "node:child_process";
import { storedResource, stackConfig, userMailboxes, withTenant } from "./tenant";

/** The installed provider module, as `__provider` requires it. */
export const INSTALLED_PROVIDER = "exchange-cloud-managed/dist/provider/dynamic/index.js";

/** What the child reports. */
export interface MemoryReport {
  /** Peak RSS after loading @pulumi/pulumi and the provider, before any read, kB. */
  readonly loadedKb: number;
  /** Peak RSS of the whole run (process.resourceUsage().maxRSS), kB. */
  readonly peakKb: number;
  /** VmHWM from /proc/self/status, kB, where available. */
  readonly vmHwmKb?: number;
  readonly wallMs: number;
  readonly failures: number;
  readonly firstError?: string;
  readonly tokenRequests: number;
  readonly calls: number;
}

// Plain JavaScript run with `node -e` from the repository root, so `require` resolves the
// installed package from /work/main/node_modules and no TypeScript compiler is loaded.
const CHILD = `
const { readFileSync } = require("node:fs");
const input = JSON.parse(readFileSync(0, "utf8"));
require("@pulumi/pulumi");
const provider = require(${JSON.stringify(INSTALLED_PROVIDER)});
const hwm = () => {
  try {
    const m = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch { return undefined; }
};
(async () => {
  const loadedKb = process.resourceUsage().maxRSS;
  await provider.configure({ config: { get: (k) => input.config[k], require: (k) => input.config[k] } });
  let next = 0, failures = 0, firstError;
  const started = Date.now();
  const worker = async () => {
    for (let i = next++; i < input.items.length; i = next++) {
      const item = input.items[i];
      try {
        const result = await provider.read(item.id, item.props);
        if (!result.id) throw new Error(item.id + " read as gone");
      } catch (error) {
        failures++;
        firstError = firstError || String((error && error.message) || error);
      }
    }
  };
  await Promise.all(Array.from({ length: input.parallel }, worker));
  const report = { loadedKb, peakKb: process.resourceUsage().maxRSS, vmHwmKb: hwm(), wallMs: Date.now() - started, failures, firstError };
  process.stdout.write(JSON.stringify(report), () => process.exit(0));
})().catch((error) => { console.error(error); process.exit(1); });
`;

/** Runs the child against a fresh tenant of `n` cloud-managed mailboxes. */
export async function measureMemory(n: number, parallel: number, repoRoot: string): Promise<MemoryReport> {
  return withTenant(n, 1, async (tenant) => {
    const items = (await userMailboxes(tenant)).map(storedResource);
    const input = JSON.stringify({ config: stackConfig(tenant), items, parallel });
    await tenant.control.resetCounters();
    const report = await runChild(input, repoRoot);
    const counters = await tenant.control.counters();
    return {
      ...report,
      tokenRequests: counters.tokenRequests,
      calls: Object.values(counters.byCmdlet).reduce((a, b) => a + b, 0),
    };
  });
}

function runChild(input: string, repoRoot: string): Promise<Omit<MemoryReport, "tokenRequests" | "calls">> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", CHILD], {
      cwd: repoRoot,
      env: { ...process.env, NODE_OPTIONS: "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGTERM"), 300_000);
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`memory probe exited with ${code}: ${stderr.trim().split("\n").slice(-5).join(" / ")}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as Omit<MemoryReport, "tokenRequests" | "calls">);
      } catch {
        reject(new Error(`memory probe printed no report: ${stdout.slice(0, 200)} ${stderr.slice(0, 200)}`));
      }
    });
    child.stdin.end(input);
  });
}
