// A parser for the Prometheus text exposition format (0.0.4), which prom-client can write but not read.

export type PromType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs?: number;
}

export interface PromExposition {
  /** Metric family name -> declared type. */
  types: Map<string, PromType>;
  samples: PromSample[];
}

export class PromParseError extends Error {
  override readonly name = "PromParseError";
  constructor(readonly line: number, problem: string, readonly text: string) {
    super(`line ${line}: ${problem}: ${text.slice(0, 120)}`);
  }
  toJSON(): { name: string; message: string; line: number } {
    return { name: this.name, message: this.message, line: this.line };
  }
}

const namePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const knownTypes: ReadonlySet<string> = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

/** As Prometheus' own ParseFloat: special values in any case (prom-client writes "Nan"). */
function parseValue(raw: string): number | undefined {
  if (/^[+]?inf(inity)?$/i.test(raw)) return Infinity;
  if (/^-inf(inity)?$/i.test(raw)) return -Infinity;
  if (/^nan$/i.test(raw)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) return undefined;
  return Number(raw);
}

/** Reads `{a="x",b="y\"z"}` starting at `start` (the `{`); returns the labels and the index after `}`. */
function parseLabels(text: string, start: number, lineNo: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = start + 1;
  for (;;) {
    while (text[i] === " " || text[i] === ",") i++;
    if (text[i] === "}") return { labels, end: i + 1 };
    const name = labelNamePattern.exec(text.slice(i))?.[0];
    if (name === undefined) throw new PromParseError(lineNo, "bad label name", text);
    i += name.length;
    while (text[i] === " ") i++;
    if (text[i] !== "=" || text[i + 1] !== '"') throw new PromParseError(lineNo, `label ${name} has no quoted value`, text);
    i += 2;
    let value = "";
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new PromParseError(lineNo, `unterminated value of label ${name}`, text);
      if (c === '"') break;
      if (c === "\\") {
        const next = text[i + 1];
        value += next === "n" ? "\n" : (next ?? "");
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    labels[name] = value;
    i++;
  }
}

export function parsePrometheusText(text: string): PromExposition {
  const types = new Map<string, PromType>();
  const samples: PromSample[] = [];
  text.split("\n").forEach((rawLine, index) => {
    const lineNo = index + 1;
    const line = rawLine.trim();
    if (line === "") return;
    if (line.startsWith("#")) {
      const parts = line.split(/\s+/);
      if (parts[1] === "TYPE" && parts[2] !== undefined) {
        const type = parts[3] ?? "";
        if (!knownTypes.has(type)) throw new PromParseError(lineNo, `unknown metric type '${type}'`, line);
        types.set(parts[2], type as PromType);
      }
      return;
    }
    const name = namePattern.exec(line)?.[0];
    if (name === undefined) throw new PromParseError(lineNo, "line starts with no metric name", line);
    let rest = name.length;
    let labels: Record<string, string> = {};
    if (line[rest] === "{") {
      const parsed = parseLabels(line, rest, lineNo);
      labels = parsed.labels;
      rest = parsed.end;
    }
    const fields = line.slice(rest).trim().split(/\s+/);
    if (fields.length < 1 || fields.length > 2 || fields[0] === "") throw new PromParseError(lineNo, "expected a value and an optional timestamp", line);
    const value = parseValue(fields[0]!);
    if (value === undefined) throw new PromParseError(lineNo, `'${fields[0]}' is not a number`, line);
    const sample: PromSample = { name, labels, value };
    if (fields[1] !== undefined) {
      const timestampMs = Number(fields[1]);
      if (!Number.isInteger(timestampMs)) throw new PromParseError(lineNo, `'${fields[1]}' is not a timestamp`, line);
      sample.timestampMs = timestampMs;
    }
    samples.push(sample);
  });
  return { types, samples };
}

/** The family a sample belongs to: `x_bucket`, `x_sum`, `x_count` of a histogram or summary belong to `x`. */
export function familyOf(exposition: PromExposition, sampleName: string): { family: string; type: PromType } {
  const direct = exposition.types.get(sampleName);
  if (direct !== undefined) return { family: sampleName, type: direct };
  for (const suffix of ["_bucket", "_sum", "_count", "_created"]) {
    if (!sampleName.endsWith(suffix)) continue;
    const family = sampleName.slice(0, -suffix.length);
    const type = exposition.types.get(family);
    if (type !== undefined) return { family, type };
  }
  return { family: sampleName, type: "untyped" };
}

/** `name{a="x",b="y"}` with labels sorted, as a stable key for a time series. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return name;
  return `${name}{${keys.map((key) => `${key}=${JSON.stringify(labels[key])}`).join(",")}}`;
}
