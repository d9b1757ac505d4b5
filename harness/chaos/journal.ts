// The journal of one scenario run: every step with timestamps, outputs and errors, written as JSON.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExpectationResult, FaultRecord, Sample } from "./scenario.ts";

export type RunStatus = "passed" | "failed" | "aborted" | "not-run";
export type Phase = "capabilities" | "steady-state-before" | "activity" | "inject" | "observe" | "rollback" | "steady-state-after" | "expectations";

export interface JournalStep {
  phase: Phase;
  name: string;
  startedAtMs: number;
  endedAtMs: number;
  ok: boolean;
  output?: unknown;
  error?: string;
}

export interface JournalDocument {
  scenario: string;
  tags: string[];
  requires: string[];
  status: RunStatus;
  reasons: string[];
  startedAt: string;
  endedAt: string;
  durationMs: number;
  steps: JournalStep[];
  samples: Sample[];
  faults: FaultRecord[];
  activity: unknown;
  expectations: ExpectationResult[];
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

export class Journal {
  readonly steps: JournalStep[] = [];
  readonly samples: Sample[] = [];
  readonly faults: FaultRecord[] = [];
  readonly expectations: ExpectationResult[] = [];
  readonly reasons: string[] = [];
  activity: unknown;
  readonly startedAtMs = Date.now();

  constructor(
    readonly scenario: string,
    readonly tags: string[],
    readonly requires: string[],
  ) {}

  /** Runs fn as a step; the step is journalled whether it returns or throws (and the error rethrown). */
  async step<T>(phase: Phase, name: string, fn: () => Promise<T>, output: (value: T) => unknown = (v) => v): Promise<T> {
    const startedAtMs = Date.now();
    try {
      const value = await fn();
      this.steps.push({ phase, name, startedAtMs, endedAtMs: Date.now(), ok: true, output: output(value) });
      return value;
    } catch (err) {
      this.steps.push({ phase, name, startedAtMs, endedAtMs: Date.now(), ok: false, error: errorText(err) });
      throw err;
    }
  }

  note(phase: Phase, name: string, ok: boolean, output?: unknown, error?: string): void {
    const at = Date.now();
    this.steps.push({ phase, name, startedAtMs: at, endedAtMs: at, ok, ...(output === undefined ? {} : { output }), ...(error === undefined ? {} : { error }) });
  }

  document(status: RunStatus): JournalDocument {
    const endedAtMs = Date.now();
    return {
      scenario: this.scenario,
      tags: this.tags,
      requires: this.requires,
      status,
      reasons: this.reasons,
      startedAt: new Date(this.startedAtMs).toISOString(),
      endedAt: new Date(endedAtMs).toISOString(),
      durationMs: endedAtMs - this.startedAtMs,
      steps: this.steps,
      samples: this.samples,
      faults: this.faults,
      activity: this.activity,
      expectations: this.expectations,
    };
  }
}

export const journalFileName = (scenario: string) => `${scenario.replace(/[^a-zA-Z0-9_.-]/g, "-")}.json`;

export async function writeJournal(dir: string, doc: JournalDocument): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, journalFileName(doc.scenario));
  await writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}
