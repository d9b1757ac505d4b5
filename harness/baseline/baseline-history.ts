// The baseline history: one JSON line per run with its key figures, beside the report history
// (reports/history/baselines.jsonl). Appends are single writes, so concurrent runs do not interleave.
import { appendFile, mkdir } from "node:fs/promises";
import { readTextOrEmpty } from "../util/read-optional.ts";
import { dirname, resolve } from "node:path";
import type { MachineClass } from "./machine-class.ts";

export interface BaselineEntry {
  runId: string;
  recordedAt: string;
  machine: MachineClass;
  machineKey: string;
  /** Metric id -> measured value (the run's last record of that id). */
  figures: Record<string, number>;
}

export class BaselineHistoryError extends Error {
  override readonly name = "BaselineHistoryError";
  constructor(readonly file: string, readonly line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
  }
  toJSON(): { name: string; message: string; file: string; line: number } {
    return { name: this.name, message: this.message, file: this.file, line: this.line };
  }
}

export function baselineHistoryFile(reportsDir: string): string {
  return resolve(reportsDir, "history", "baselines.jsonl");
}

function isEntry(value: unknown): value is BaselineEntry {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.runId === "string" &&
    typeof entry.recordedAt === "string" &&
    typeof entry.machineKey === "string" &&
    typeof entry.machine === "object" &&
    typeof entry.figures === "object" &&
    entry.figures !== null &&
    Object.values(entry.figures).every((figure) => typeof figure === "number")
  );
}

export function parseBaselineHistory(text: string, file: string): BaselineEntry[] {
  const entries: BaselineEntry[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new BaselineHistoryError(file, index + 1, `not JSON (${(error as Error).message})`);
    }
    if (!isEntry(parsed)) throw new BaselineHistoryError(file, index + 1, `not a baseline entry: ${line.slice(0, 120)}`);
    entries.push(parsed);
  });
  return entries;
}

/** Oldest first; a missing file is an empty history. */
export async function readBaselineHistory(file: string): Promise<BaselineEntry[]> {
  return parseBaselineHistory(await readTextOrEmpty(file), file);
}

export async function appendBaseline(file: string, entry: BaselineEntry): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(entry)}\n`, { encoding: "utf8", flag: "a" });
}
