/** One line of the metrics JSON-lines file: a measured value, or the reason a metric could not be measured. */
export type MetricRecord =
  | { id: string; status: "measured"; value: number; recordedAt: string; source?: string; detail?: string }
  | { id: string; status: "not-run"; reason: string; recordedAt: string; source?: string };

export class MetricRecordsParseError extends Error {
  override readonly name = "MetricRecordsParseError";
  constructor(readonly file: string, readonly line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
  }
  toJSON(): { name: string; message: string; file: string; line: number } {
    return { name: this.name, message: this.message, file: this.file, line: this.line };
  }
}

function isRecord(value: unknown): value is MetricRecord {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.id !== "string" || typeof candidate.recordedAt !== "string") return false;
  if (candidate.status === "measured") return typeof candidate.value === "number";
  if (candidate.status === "not-run") return typeof candidate.reason === "string";
  return false;
}

export function parseMetricRecords(text: string, file: string): MetricRecord[] {
  const records: MetricRecord[] = [];
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new MetricRecordsParseError(file, index + 1, `not JSON (${(error as Error).message})`);
    }
    if (!isRecord(parsed)) throw new MetricRecordsParseError(file, index + 1, `not a metric record: ${line.slice(0, 120)}`);
    records.push(parsed);
  });
  return records;
}
