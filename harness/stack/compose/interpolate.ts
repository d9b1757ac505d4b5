export type VariableMap = Readonly<Record<string, string | undefined>>;

export interface InterpolationIssue {
  variable: string;
  /** unset: `${VAR}` with no default (compose substitutes ""); required: `${VAR:?msg}` / `${VAR?msg}`; syntax: unparsable. */
  kind: "unset" | "required" | "syntax";
  message: string;
}

export interface Interpolated {
  value: string;
  /** Every variable the text references, used or not. */
  referenced: string[];
  issues: InterpolationIssue[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Compose-style interpolation: ${VAR}, $VAR, ${VAR:-d}, ${VAR-d}, ${VAR:?m}, ${VAR?m}, ${VAR:+a}, ${VAR+a}, $$. */
export function interpolate(input: string, vars: VariableMap): Interpolated {
  const referenced: string[] = [];
  const issues: InterpolationIssue[] = [];
  const value = expand(input, vars, referenced, issues);
  return { value, referenced: [...new Set(referenced)], issues };
}

function expand(text: string, vars: VariableMap, referenced: string[], issues: InterpolationIssue[]): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== "$") {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
      continue;
    }
    if (next === "{") {
      const close = matchingBrace(text, i + 2);
      if (close < 0) {
        issues.push({ variable: "", kind: "syntax", message: `unterminated "\${" in "${text}": close it with "}" or escape "$" as "$$"` });
        out += text.slice(i);
        break;
      }
      out += braced(text.slice(i + 2, close), vars, referenced, issues);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(text.slice(i + 1));
    if (m) {
      const name = m[0];
      referenced.push(name);
      const v = vars[name];
      if (v === undefined) issues.push({ variable: name, kind: "unset", message: `variable ${name} is not set (substituted by "")` });
      out += v ?? "";
      i += 1 + name.length;
      continue;
    }
    out += "$";
    i++;
  }
  return out;
}

function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let j = from; j < text.length; j++) {
    if (text[j] === "$" && text[j + 1] === "$") {
      j++;
    } else if (text[j] === "$" && text[j + 1] === "{") {
      depth++;
      j++;
    } else if (text[j] === "}") {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

function braced(inner: string, vars: VariableMap, referenced: string[], issues: InterpolationIssue[]): string {
  const m = NAME.exec(inner);
  if (!m) {
    issues.push({ variable: inner, kind: "syntax", message: `invalid interpolation "\${${inner}}": use \${NAME}, \${NAME:-default} or escape "$" as "$$"` });
    return "";
  }
  const name = m[0];
  referenced.push(name);
  const rest = inner.slice(name.length);
  const v = vars[name];
  const unset = v === undefined;
  const empty = unset || v === "";
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[0];
  if (op === undefined) {
    if (rest !== "") {
      issues.push({ variable: name, kind: "syntax", message: `invalid interpolation "\${${inner}}": operators are :- - :? ? :+ +` });
      return "";
    }
    if (unset) issues.push({ variable: name, kind: "unset", message: `variable ${name} is not set (substituted by "")` });
    return v ?? "";
  }
  const arg = () => expand(rest.slice(op.length), vars, referenced, issues);
  switch (op) {
    case ":-":
      return empty ? arg() : (v as string);
    case "-":
      return unset ? arg() : (v as string);
    case ":?":
    case "?": {
      if (op === ":?" ? empty : unset) {
        const msg = arg();
        issues.push({ variable: name, kind: "required", message: `required variable ${name} is ${unset ? "not set" : "empty"}${msg ? `: ${msg}` : ""}` });
        return "";
      }
      return v as string;
    }
    case ":+":
      return empty ? "" : arg();
    default:
      return unset ? "" : arg();
  }
}

/** Parse a dotenv / env_file body: KEY=VALUE lines, `#` comments, `export ` prefix, single/double quotes. */
export function parseEnvFile(text: string): Array<{ key: string; value: string | undefined; line: number }> {
  const out: Array<{ key: string; value: string | undefined; line: number }> = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, idx) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const body = line.startsWith("export ") ? line.slice(7).trimStart() : line;
    const eq = body.indexOf("=");
    if (eq < 0) {
      out.push({ key: body, value: undefined, line: idx + 1 });
      return;
    }
    const key = body.slice(0, eq).trim();
    out.push({ key, value: unquote(body.slice(eq + 1).trim()), line: idx + 1 });
  });
  return out;
}

function unquote(v: string): string {
  const q = v[0];
  if ((q === '"' || q === "'") && v.length >= 2) {
    const end = v.indexOf(q, 1);
    if (end > 0) {
      const inner = v.slice(1, end);
      return q === '"' ? inner.replace(/\\n/g, "\n").replace(/\\(["\\])/g, "$1") : inner;
    }
  }
  // An unquoted value ends at an inline comment introduced by whitespace + '#'.
  const hash = v.search(/\s#/);
  return (hash >= 0 ? v.slice(0, hash) : v).trim();
}
