import type { Redis } from "ioredis";
import { docFromHash, docFromString, type Doc } from "./documents.ts";
import { docKey, indexKey, keywords } from "./keywords.ts";
import { rankByOverlap } from "./retrieval-rank.ts";
import { execPipeline } from "./redis-client.ts";

export const MAX_QUERY_WORDS = 16;

export async function retrieve(redis: Redis, query: string, topK: number): Promise<Doc[]> {
  const words = keywords(query, MAX_QUERY_WORDS);
  if (words.length === 0) return [];
  const lookup = redis.pipeline();
  for (const word of words) lookup.smembers(indexKey(word));
  const members = (await execPipeline(lookup)) as string[][];
  const ranked = rankByOverlap(members, topK);
  if (ranked.length === 0) return [];

  const fetch = redis.pipeline();
  for (const { id } of ranked) fetch.hgetall(docKey(id));
  const results = await fetch.exec();
  if (results === null) throw new Error("redis pipeline aborted");
  const docs: (Doc | null)[] = [];
  const strings: number[] = [];
  results.forEach(([error, value], i) => {
    const id = ranked[i]!.id;
    if (error && /WRONGTYPE/.test(error.message)) {
      strings.push(i);
      docs.push(null);
    } else if (error) {
      throw error;
    } else {
      docs.push(docFromHash(id, value as Record<string, string>));
    }
  });
  if (strings.length > 0) {
    const values = await redis.mget(strings.map((i) => docKey(ranked[i]!.id)));
    strings.forEach((docIndex, j) => {
      docs[docIndex] = docFromString(ranked[docIndex]!.id, values[j] ?? null);
    });
  }
  return docs.filter((d): d is Doc => d !== null);
}
