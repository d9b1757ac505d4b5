// Keyword extraction for the `idx:<word>` index. The api has an identical copy
// (stack/api/src/keywords.ts): both services must agree on the words, and each image builds
// from its own folder. Both test files pin the same vector.

const STOPWORDS = new Set([
  "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our",
  "out", "has", "his", "how", "its", "may", "who", "did", "get", "why", "what", "when", "where", "which",
  "with", "this", "that", "from", "they", "them", "then", "than", "there", "their", "about", "into",
  "over", "also", "been", "have", "were", "will", "would", "should", "could", "does", "your", "some",
]);

export const MIN_WORD_LENGTH = 3;
export const MAX_WORD_LENGTH = 32;

/** Unique index words of a text, in order of first appearance. */
export function keywords(text: string, limit = Number.POSITIVE_INFINITY): string[] {
  const seen = new Set<string>();
  for (const match of text.toLowerCase().matchAll(/[a-z0-9]+/g)) {
    const word = match[0];
    if (word.length < MIN_WORD_LENGTH || word.length > MAX_WORD_LENGTH || STOPWORDS.has(word)) continue;
    seen.add(word);
    if (seen.size >= limit) break;
  }
  return [...seen];
}

export function indexKey(word: string): string {
  return `idx:${word}`;
}

export function docKey(id: string): string {
  return `doc:${id}`;
}
