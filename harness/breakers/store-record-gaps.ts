// A breaker's Redis record that disappears after it was written means the store lost the state
// (a Redis restart on tmpfs) and nobody wrote it back: the api and Redis then disagree silently.
import type { StoredBreakersSnapshot } from "./breaker-store-reader.ts";

export interface RecordGap {
  breaker: string;
  /** First read without the record. */
  fromMs: number;
  /** Last read without it; the record was back at the next read, or never (reads ended). */
  untilMs: number;
  restored: boolean;
}

export function recordGaps(snapshots: readonly StoredBreakersSnapshot[]): RecordGap[] {
  const gaps: RecordGap[] = [];
  const written = new Set<string>();
  const open = new Map<string, RecordGap>();
  for (const snapshot of [...snapshots].sort((a, b) => a.atMs - b.atMs)) {
    for (const read of snapshot.reads) {
      const breaker = read.kind === "state" ? read.value.breaker : read.breaker;
      if (read.kind !== "absent") {
        written.add(breaker);
        const gap = open.get(breaker);
        if (gap !== undefined) {
          gap.restored = true;
          open.delete(breaker);
        }
        continue;
      }
      if (!written.has(breaker)) continue;
      const gap = open.get(breaker);
      if (gap !== undefined) gap.untilMs = snapshot.atMs;
      else {
        const created = { breaker, fromMs: snapshot.atMs, untilMs: snapshot.atMs, restored: false };
        open.set(breaker, created);
        gaps.push(created);
      }
    }
  }
  return gaps;
}
