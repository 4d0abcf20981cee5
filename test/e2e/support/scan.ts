/**
 * Looking for leaks: every file an engine run left behind and every text it printed, searched
 * for known secret values and for anything shaped like a JWT.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Needle } from "./credentials";

/** A text to search, named by where it came from. */
export interface Haystack {
  readonly where: string;
  readonly text: string;
}

/** One leak: which value, and where it was found. */
export interface Leak {
  readonly what: string;
  readonly where: string;
}

/** Every regular file under `root` as a haystack (gzip files unpacked), except under `skip` folders. */
export function filesUnder(root: string, skip: readonly string[] = []): Haystack[] {
  const found: Haystack[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (skip.some((s) => path === s || path.startsWith(s + sep))) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && statSync(path).size < 64 * 1024 * 1024) {
        const raw = readFileSync(path);
        const text = (path.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
        found.push({ where: relative(root, path), text });
      }
    }
  };
  walk(root);
  return found;
}

/** The needles found in the haystacks. */
export function findNeedles(haystacks: readonly Haystack[], needles: readonly Needle[]): Leak[] {
  const leaks: Leak[] = [];
  for (const h of haystacks) {
    for (const n of needles)
      if (n.value !== "" && h.text.includes(n.value)) leaks.push({ what: n.label, where: h.where });
  }
  return leaks;
}

const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/**
 * Anything shaped like a JWT. An access token of the emulator (a payload with `tid` and
 * `roles`) is named as such; any other JWT (a client or federated assertion) is a leak too.
 */
export function findJwts(haystacks: readonly Haystack[]): Leak[] {
  const leaks: Leak[] = [];
  for (const h of haystacks) {
    for (const match of h.text.matchAll(JWT_SHAPE)) {
      const payload = decodeSegment(match[0].split(".")[1] ?? "");
      const accessToken = payload !== undefined && "tid" in payload && "roles" in payload;
      leaks.push({ what: accessToken ? "access token" : "JWT", where: h.where });
    }
  }
  return leaks;
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof parsed === "object" && parsed !== null
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Pulumi engine's own trace of the default `pulumi-nodejs` provider's configuration: at
 * -v 7 ("Planner decided [not] to ... providers:pulumi-nodejs...") and -v 9 ("Marshaling
 * property for RPC[Provider...CheckConfig/Configure...]") it prints the stack's config, secret
 * values in clear text (Pulumi CLI 3.248). Nothing the provider does reaches these lines.
 */
const ENGINE_CONFIG_TRACE =
  /Planner decided [^']*'[^']*::pulumi:providers:pulumi-nodejs::[^']*'|property for RPC\[Provider\[[^\]]*\]\.(CheckConfig|DiffConfig|Configure)\(/;

/** Splits haystacks into the engine's provider-config trace lines and everything else. */
export function splitEngineConfigTrace(haystacks: readonly Haystack[]): {
  trace: Haystack[];
  rest: Haystack[];
} {
  const trace: Haystack[] = [];
  const rest: Haystack[] = [];
  for (const h of haystacks) {
    const lines = h.text.split("\n");
    trace.push({
      where: h.where,
      text: lines.filter((l) => ENGINE_CONFIG_TRACE.test(l)).join("\n"),
    });
    rest.push({
      where: h.where,
      text: lines.filter((l) => !ENGINE_CONFIG_TRACE.test(l)).join("\n"),
    });
  }
  return { trace, rest };
}

/** The provider's own log lines (`exchange-cloud-managed <level>: ...`), from any haystack. */
export function providerLog(haystacks: readonly Haystack[]): Haystack[] {
  return haystacks.map((h) => ({
    where: h.where,
    text: (h.text.match(/exchange-cloud-managed (debug|info|warn): [^\n]*/g) ?? []).join("\n"),
  }));
}

/** Provider log lines (`exchange-cloud-managed <level>: ...`) at `levels` that carry an address. */
export function addressesInProviderLog(
  haystacks: readonly Haystack[],
  levels: readonly string[],
): Leak[] {
  const line = new RegExp(`exchange-cloud-managed (${levels.join("|")}): [^\\n]*`, "g");
  const address = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
  const leaks: Leak[] = [];
  for (const h of haystacks) {
    for (const match of h.text.matchAll(line)) {
      if (address.test(match[0])) leaks.push({ what: match[0].slice(0, 200), where: h.where });
    }
  }
  return leaks;
}

/** Counts provider log lines of one level, to prove the log was captured at all. */
export function providerLogLines(haystacks: readonly Haystack[], level: string): number {
  const line = new RegExp(`exchange-cloud-managed ${level}: `, "g");
  return haystacks.reduce((n, h) => n + (h.text.match(line)?.length ?? 0), 0);
}
