// A deterministic corpus: the same count and seed give byte-identical documents on every machine,
// so a test can name the documents it expects to retrieve.
import { createHash } from "node:crypto";

export interface CorpusDoc {
  id: string;
  title: string;
  text: string;
}

export const GENERATOR_VERSION = 1;

const TOPICS = [
  "redis", "tmpfs", "podman", "rootless", "container", "breaker", "inference", "llama", "model", "token",
  "latency", "cache", "stream", "crawler", "gateway", "caddy", "volume", "mount", "permission", "namespace",
  "cgroup", "memory", "pressure", "restart", "network", "partition", "secret", "audit", "metrics", "health",
  "probe", "timeout", "retry", "backoff", "snapshot", "persistence", "eviction", "replica", "quorum", "index",
];
const NOUNS = [
  "river", "mountain", "forest", "harbor", "lantern", "garden", "engine", "library", "bridge", "valley",
  "orchard", "compass", "anchor", "meadow", "glacier", "canyon", "island", "market", "tower", "signal",
  "beacon", "harvest", "journey", "archive", "workshop", "kettle", "pebble", "thunder", "willow", "falcon",
];
const VERBS = [
  "restores", "measures", "guards", "carries", "shapes", "records", "balances", "protects", "observes", "rebuilds",
  "connects", "filters", "caches", "streams", "retries", "indexes", "isolates", "tracks", "verifies", "recovers",
];
const ADJECTIVES = [
  "volatile", "durable", "quiet", "rapid", "sovereign", "fragile", "steady", "careful", "bright", "hidden",
  "resilient", "small", "ancient", "modern", "local", "remote", "honest", "silent", "clever", "gentle",
];

/** mulberry32: tiny, fast and identical in every JS engine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function docId(index: number): string {
  return String(index + 1).padStart(4, "0");
}

export function generateCorpus(count: number, seed: number): CorpusDoc[] {
  const random = prng(seed);
  const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)]!;
  const docs: CorpusDoc[] = [];
  for (let i = 0; i < count; i += 1) {
    const topic = pick(TOPICS);
    const second = pick(TOPICS);
    const sentences: string[] = [];
    const sentenceCount = 3 + Math.floor(random() * 4);
    for (let s = 0; s < sentenceCount; s += 1) {
      const subject = s % 2 === 0 ? topic : second;
      sentences.push(`The ${pick(ADJECTIVES)} ${subject} ${pick(VERBS)} the ${pick(ADJECTIVES)} ${pick(NOUNS)} near the ${pick(NOUNS)}.`);
    }
    docs.push({ id: docId(i), title: `${capitalize(pick(ADJECTIVES))} ${topic} and the ${pick(NOUNS)}`, text: sentences.join(" ") });
  }
  return docs;
}

export function corpusChecksum(docs: readonly CorpusDoc[]): string {
  const hash = createHash("sha256");
  for (const doc of docs) hash.update(`${doc.id}\u0000${doc.title}\u0000${doc.text}\u0001`);
  return hash.digest("hex");
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
