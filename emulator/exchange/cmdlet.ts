/**
 * What a cmdlet handler receives and returns, and the parameter checks they share.
 */
import type { EmulatorState } from "../state";
import type { Caller } from "./bearer";
import { badParameter } from "./errors";

/** One cmdlet invocation. */
export interface CmdletRequest {
  state: EmulatorState;
  caller: Caller;
  cmdlet: string;
  parameters: Record<string, unknown>;
  /** `$select` property names, if any. */
  select: string[] | undefined;
  /** Objects per page (`Prefer: odata.maxpagesize`). */
  pageSize: number;
  /** Objects already returned by earlier pages. */
  skip: number;
}

/** What a cmdlet produced. */
export interface CmdletResult {
  value: Record<string, unknown>[];
  warnings: string[];
  /** Non-terminating errors: sent in `@adminapi.errors` of a 200. */
  errors: string[];
  /** Offset of the next page, when there is one. */
  nextSkip?: number;
}

/** Parameters every cmdlet accepts and ignores. */
const COMMON = ["ErrorAction", "WarningAction", "Confirm", "Verbose", "Debug", "InformationAction"];

/** Throws a ParameterBindingException for a parameter outside `allowed`. */
export function checkParameterNames(parameters: Record<string, unknown>, allowed: string[]): void {
  const known = [...allowed, ...COMMON].map((a) => a.toLowerCase());
  for (const name of Object.keys(parameters)) {
    if (!known.includes(name.toLowerCase())) {
      throw badParameter(`A parameter cannot be found that matches parameter name '${name}'.`);
    }
  }
}

/** The value of a parameter, names compared case-insensitively. */
export function parameter(parameters: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(parameters).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : parameters[key];
}

/** A string parameter; throws when present with another type. */
export function stringParameter(
  parameters: Record<string, unknown>,
  name: string,
): string | undefined {
  const value = parameter(parameters, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    throw badParameter(
      `Cannot process argument transformation on parameter '${name}'. Cannot convert the "${JSON.stringify(value)}" value of type "${typeName(value)}" to type "System.String".`,
    );
  }
  return value;
}

/** A switch or boolean parameter; throws when present with another type. */
export function booleanParameter(
  parameters: Record<string, unknown>,
  name: string,
): boolean | undefined {
  const value = parameter(parameters, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") {
    throw badParameter(
      `Cannot process argument transformation on parameter '${name}'. Cannot convert value "${String(value)}" to type "System.Boolean". ` +
        `Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.`,
    );
  }
  return value;
}

/** The type name PowerShell would print for a JSON value. */
export function typeName(value: unknown): string {
  if (Array.isArray(value)) return "System.Object[]";
  if (typeof value === "number") return "System.Int32";
  if (typeof value === "boolean") return "System.Boolean";
  if (typeof value === "object" && value !== null) return "System.Collections.Hashtable";
  return "System.String";
}
