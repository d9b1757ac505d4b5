/**
 * One write attempt as the client saw it. `indeterminate` is a write whose outcome the client cannot
 * know (timeout, connection dropped mid-request): it may or may not have been applied.
 */
export type WriteAttempt =
  | { id: string; outcome: "acked"; ackedAtMs: number }
  | { id: string; outcome: "failed" }
  | { id: string; outcome: "indeterminate" };

export interface DataLossReport {
  attempted: number;
  acknowledged: number;
  /** Acknowledged but absent from the final read: the data loss. */
  lost: number;
  /** Present but never attempted: corruption, or a read from the wrong place. */
  unexpected: number;
  /** Failed or indeterminate, yet present: allowed, reported so "failed" is not mistaken for "absent". */
  recovered: number;
  lostIds: string[];
  unexpectedIds: string[];
  /** When the lost writes had been acknowledged: the loss window of a snapshot or fsync policy. */
  lostAckedBetweenMs: { firstMs: number; lastMs: number } | null;
  ok: boolean;
}

export interface DataLossCheckOptions {
  /** Ids listed in the report; counts are always complete. */
  sampleSize?: number;
}

/** Jepsen's set checker: every acknowledged write must be in the final read, and nothing else may be. */
export function checkDataLoss(
  history: Iterable<WriteAttempt>,
  finalRead: Iterable<string>,
  options: DataLossCheckOptions = {},
): DataLossReport {
  const sampleSize = options.sampleSize ?? 20;
  // a retried id counts once; if any attempt of it was acknowledged, the id must survive
  const attempts = new Map<string, WriteAttempt>();
  for (const attempt of history) {
    const previous = attempts.get(attempt.id);
    if (previous === undefined || (previous.outcome !== "acked" && attempt.outcome === "acked")) attempts.set(attempt.id, attempt);
    else if (previous.outcome === "failed" && attempt.outcome === "indeterminate") attempts.set(attempt.id, attempt);
  }
  const present = new Set(finalRead);

  let acknowledged = 0;
  let recovered = 0;
  const lostIds: string[] = [];
  let firstLostMs = Infinity;
  let lastLostMs = -Infinity;
  for (const attempt of attempts.values()) {
    const isPresent = present.has(attempt.id);
    if (attempt.outcome === "acked") {
      acknowledged += 1;
      if (!isPresent) {
        lostIds.push(attempt.id);
        firstLostMs = Math.min(firstLostMs, attempt.ackedAtMs);
        lastLostMs = Math.max(lastLostMs, attempt.ackedAtMs);
      }
    } else if (isPresent) recovered += 1;
  }
  const unexpectedIds = [...present].filter((id) => !attempts.has(id));

  return {
    attempted: attempts.size,
    acknowledged,
    lost: lostIds.length,
    unexpected: unexpectedIds.length,
    recovered,
    lostIds: lostIds.slice(0, sampleSize),
    unexpectedIds: unexpectedIds.slice(0, sampleSize),
    lostAckedBetweenMs: lostIds.length === 0 ? null : { firstMs: firstLostMs, lastMs: lastLostMs },
    ok: lostIds.length === 0 && unexpectedIds.length === 0,
  };
}
