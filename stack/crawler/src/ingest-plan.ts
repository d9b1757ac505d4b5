// What a pass must write, decided from what Redis reported: pure, so convergence is unit-tested.
import { docKey, indexKey, keywords } from "./keywords.ts";
import type { CorpusDoc } from "./corpus.ts";

export const MARKER_KEY = "crawler:corpus";

export interface Marker {
  checksum: string;
  count: number;
}

/** Docs to (re)write: the missing ones, or all of them when the marker says the index may be gone. */
export function docsToWrite(docs: readonly CorpusDoc[], present: readonly boolean[], markerMatches: boolean): CorpusDoc[] {
  if (!markerMatches) return [...docs];
  return docs.filter((_, i) => present[i] !== true);
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export interface DocWrite {
  docKey: string;
  hash: Record<string, string>;
  indexKeys: string[];
}

export function docWrite(doc: CorpusDoc, ingestedAt: string): DocWrite {
  return {
    docKey: docKey(doc.id),
    hash: { id: doc.id, title: doc.title, text: doc.text, source: "corpus", ingested_at: ingestedAt },
    indexKeys: keywords(`${doc.title} ${doc.text}`).map(indexKey),
  };
}

export function parseMarker(raw: string | null): Marker | null {
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as Partial<Marker>;
    return typeof value.checksum === "string" && typeof value.count === "number" ? { checksum: value.checksum, count: value.count } : null;
  } catch {
    return null;
  }
}
