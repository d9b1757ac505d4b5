// Redis side of a pass: which docs exist, and writing docs with their index entries.
import type { Redis } from "ioredis";
import type { CorpusDoc } from "./corpus.ts";
import { docKey } from "./keywords.ts";
import { MARKER_KEY, chunk, docWrite, parseMarker, type Marker } from "./ingest-plan.ts";

async function exec(pipeline: ReturnType<Redis["pipeline"]>): Promise<unknown[]> {
  const results = await pipeline.exec();
  if (results === null) throw new Error("redis transaction aborted");
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

export async function presentDocs(redis: Redis, docs: readonly CorpusDoc[], batchSize: number): Promise<boolean[]> {
  const present: boolean[] = [];
  for (const batch of chunk(docs, batchSize * 4)) {
    const pipeline = redis.pipeline();
    for (const doc of batch) pipeline.exists(docKey(doc.id));
    for (const count of await exec(pipeline)) present.push(count === 1);
  }
  return present;
}

export async function readMarker(redis: Redis): Promise<Marker | null> {
  return parseMarker(await redis.get(MARKER_KEY));
}

/** One MULTI per batch; index entries precede the doc so an existing doc implies its index. */
export async function writeDocs(redis: Redis, docs: readonly CorpusDoc[]): Promise<void> {
  const now = new Date().toISOString();
  const multi = redis.multi();
  for (const doc of docs) {
    const write = docWrite(doc, now);
    for (const key of write.indexKeys) multi.sadd(key, doc.id);
    multi.hset(write.docKey, write.hash);
  }
  await exec(multi);
}

export async function writeMarker(redis: Redis, marker: Marker): Promise<void> {
  await redis.set(MARKER_KEY, JSON.stringify(marker));
}
