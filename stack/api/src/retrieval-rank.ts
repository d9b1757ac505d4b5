// Top-k by keyword overlap: a document scores one point per query word whose index set holds it.

export interface Ranked {
  id: string;
  score: number;
}

/** `members[i]` are the doc ids of the i-th query word's index set. Ties break by id for stable output. */
export function rankByOverlap(members: readonly (readonly string[])[], k: number): Ranked[] {
  const scores = new Map<string, number>();
  for (const ids of members) {
    for (const id of new Set(ids)) scores.set(id, (scores.get(id) ?? 0) + 1);
  }
  return [...scores.entries()]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || compareIds(a.id, b.id))
    .slice(0, Math.max(0, k));
}

function compareIds(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}
