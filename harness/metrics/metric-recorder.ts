import { appendFile, mkdir } from "node:fs/promises";
import { readTextOrEmpty } from "../util/read-optional.ts";
import { dirname } from "node:path";
import { parseMetricRecords, type MetricRecord } from "./metric-record.ts";

export interface MetricRecorderOptions {
  /** Names the suite or scenario that recorded the value, shown when a metric is questioned. */
  source?: string;
  now?: () => Date;
}

/**
 * Appends measured values to a JSON-lines file. Each record is one appendFile (O_APPEND, one short
 * write), so several vitest workers can record into the same file without interleaving lines.
 */
export class MetricRecorder {
  readonly #file: string;
  readonly #source: string | undefined;
  readonly #now: () => Date;

  constructor(file: string, options: MetricRecorderOptions = {}) {
    this.#file = file;
    this.#source = options.source;
    this.#now = options.now ?? (() => new Date());
  }

  get file(): string {
    return this.#file;
  }

  async record(id: string, value: number, detail?: string): Promise<void> {
    if (!Number.isFinite(value)) throw new TypeError(`metric ${id}: value must be a finite number, got ${value}`);
    await this.#append({
      id,
      status: "measured",
      value,
      recordedAt: this.#now().toISOString(),
      ...(this.#source === undefined ? {} : { source: this.#source }),
      ...(detail === undefined ? {} : { detail }),
    });
  }

  /** Says why a metric has no value (missing capability, aborted steady state), so the report shows it. */
  async notRun(id: string, reason: string): Promise<void> {
    await this.#append({
      id,
      status: "not-run",
      reason,
      recordedAt: this.#now().toISOString(),
      ...(this.#source === undefined ? {} : { source: this.#source }),
    });
  }

  async #append(record: MetricRecord): Promise<void> {
    await mkdir(dirname(this.#file), { recursive: true });
    await appendFile(this.#file, `${JSON.stringify(record)}\n`, { encoding: "utf8", flag: "a" });
  }
}

/** Reads every record; a missing file means no suite recorded anything yet. */
export async function readMetricRecords(file: string): Promise<MetricRecord[]> {
  return parseMetricRecords(await readTextOrEmpty(file), file);
}
