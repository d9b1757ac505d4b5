// The times a suite deliberately disturbed a stack (kill, stop, restart, a hog, a crash): telemetry
// shades them on its plots and counts restarts inside them as expected, outside them as findings.
import type { FaultWindow } from "../../plots/svg-chart.ts";

interface Entry {
  label: string;
  startMs: number;
  endMs: number | undefined;
}

export class DisturbanceLog {
  private readonly entries: Entry[] = [];
  /** Windows still open per key (a stopped service until it is started again). */
  private readonly open = new Map<string, Entry>();

  /** A window that is already over. */
  mark(label: string, startMs: number, endMs = Date.now()): void {
    this.entries.push({ label, startMs, endMs: Math.max(startMs, endMs) });
  }

  /** Opens a window under a key (once: a second begin on an open key keeps the first start). */
  begin(key: string, label: string, startMs = Date.now()): void {
    if (this.open.has(key)) return;
    const entry: Entry = { label, startMs, endMs: undefined };
    this.open.set(key, entry);
    this.entries.push(entry);
  }

  /** Closes the window open under a key, if any. */
  end(key: string, endMs = Date.now()): void {
    const entry = this.open.get(key);
    if (!entry) return;
    entry.endMs = Math.max(entry.startMs, endMs);
    this.open.delete(key);
  }

  /** Windows that overlap [fromMs, toMs]; an open one ends at toMs. */
  windows(fromMs: number, toMs = Date.now()): FaultWindow[] {
    return this.entries
      .map((entry) => ({ label: entry.label, startMs: entry.startMs, endMs: entry.endMs ?? toMs }))
      .filter((window) => window.endMs >= fromMs && window.startMs <= toMs);
  }
}
