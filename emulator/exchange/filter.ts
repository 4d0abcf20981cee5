/**
 * OPATH filters as Get-Mailbox and Get-Recipient take them: comparisons joined by `-and`,
 * `-or` and `-not`, with parentheses. `-and` binds tighter than `-or`.
 */

/** A compiled filter: true when the object passes. */
export type RecipientPredicate = (object: Record<string, unknown>) => boolean;

/** Raised for text that is not a valid filter. */
export class FilterSyntaxError extends Error {
  override readonly name = "FilterSyntaxError";
}

type Token =
  | { kind: "lparen" | "rparen" }
  | { kind: "op"; value: string }
  | { kind: "word"; value: string }
  | { kind: "string"; value: string };

const OPERATORS = ["-eq", "-ne", "-like", "-notlike", "-gt", "-lt", "-ge", "-le"];

/** Compiles `text`; property names are checked against `known`. */
export function compileFilter(text: string, known: ReadonlySet<string>): RecipientPredicate {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const fail = (what: string): never => {
    throw new FilterSyntaxError(
      `Invalid filter syntax. For a description of the filter parameter syntax see the command help. "${text}" ${what}`,
    );
  };

  const parseOr = (): RecipientPredicate => {
    const parts = [parseAnd()];
    while (isOp(peek(), "-or")) {
      pos++;
      parts.push(parseAnd());
    }
    return parts.length === 1 ? (parts[0] as RecipientPredicate) : (o) => parts.some((p) => p(o));
  };
  const parseAnd = (): RecipientPredicate => {
    const parts = [parseUnary()];
    while (isOp(peek(), "-and")) {
      pos++;
      parts.push(parseUnary());
    }
    return parts.length === 1 ? (parts[0] as RecipientPredicate) : (o) => parts.every((p) => p(o));
  };
  const parseUnary = (): RecipientPredicate => {
    if (isOp(peek(), "-not")) {
      pos++;
      const inner = parseUnary();
      return (o) => !inner(o);
    }
    const token = peek();
    if (token?.kind === "lparen") {
      pos++;
      const inner = parseOr();
      if (peek()?.kind !== "rparen") fail(`is missing a closing parenthesis at token ${pos + 1}.`);
      pos++;
      return inner;
    }
    return parseComparison();
  };
  const parseComparison = (): RecipientPredicate => {
    const property = tokens[pos];
    const op = tokens[pos + 1];
    const value = tokens[pos + 2];
    if (property?.kind !== "word") return fail(`at token ${pos + 1}: expected a property name.`);
    if (op?.kind !== "op" || !OPERATORS.includes(op.value)) {
      return fail(`at token ${pos + 2}: expected a comparison operator after '${property.value}'.`);
    }
    if (value === undefined || (value.kind !== "string" && value.kind !== "word")) {
      return fail(`at token ${pos + 3}: expected a value after '${op.value}'.`);
    }
    const name = [...known].find((k) => k.toLowerCase() === property.value.toLowerCase());
    if (name === undefined) {
      throw new FilterSyntaxError(
        `Cannot bind parameter 'Filter' to the target. Exception setting "Filter": "The property '${property.value}' is not a filterable property. For a list of filterable properties see the command help."`,
      );
    }
    pos += 3;
    return comparison(name, op.value, literal(value.value));
  };

  const predicate = parseOr();
  if (pos !== tokens.length) fail(`has unexpected text at token ${pos + 1}.`);
  return predicate;
}

function comparison(property: string, op: string, expected: string): RecipientPredicate {
  return (object) => {
    const actual = object[property];
    const values = Array.isArray(actual) ? actual : [actual];
    const test = (v: unknown): boolean => compare(stringOf(v), op, expected);
    if (op === "-ne" || op === "-notlike") return values.every(test);
    return values.some(test);
  };
}

function compare(actual: string, op: string, expected: string): boolean {
  const a = actual.toLowerCase();
  const e = expected.toLowerCase();
  switch (op) {
    case "-eq":
      return a === e;
    case "-ne":
      return a !== e;
    case "-like":
      return wildcard(e).test(a);
    case "-notlike":
      return !wildcard(e).test(a);
    case "-gt":
      return a > e;
    case "-lt":
      return a < e;
    case "-ge":
      return a >= e;
    default:
      return a <= e;
  }
}

function stringOf(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "True" : "False";
  return String(value);
}

function literal(value: string): string {
  const lower = value.toLowerCase();
  if (lower === "$true") return "True";
  if (lower === "$false") return "False";
  if (lower === "$null") return "";
  return value;
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "s");
}

function isOp(token: Token | undefined, value: string): boolean {
  return token?.kind === "op" && token.value === value;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ kind: c === "(" ? "lparen" : "rparen" });
      i++;
    } else if (c === "'" || c === '"') {
      let value = "";
      i++;
      while (i < text.length) {
        const ch = text[i] as string;
        // A doubled quote inside a quoted string stands for one quote.
        if (ch === c && text[i + 1] === c) {
          value += c;
          i += 2;
        } else if (ch === c) break;
        else {
          value += ch;
          i++;
        }
      }
      if (i >= text.length)
        throw new FilterSyntaxError(`Invalid filter syntax: unterminated string in "${text}".`);
      i++;
      tokens.push({ kind: "string", value });
    } else {
      let word = "";
      while (i < text.length && !/[\s()'"]/.test(text[i] as string)) word += text[i++];
      if (word.startsWith("-")) tokens.push({ kind: "op", value: word.toLowerCase() });
      else tokens.push({ kind: "word", value: word });
    }
  }
  return tokens;
}
