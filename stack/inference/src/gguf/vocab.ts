import { createPrng } from "./prng.ts";

/** SentencePiece's word-boundary marker; llama.cpp's SPM tokenizer writes spaces as this character. */
export const SPM_SPACE = "\u2581";

export const TokenType = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, BYTE: 6 } as const;

export const UNK_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;
export const FIRST_BYTE_ID = 3;
/** The lone "▁" piece: without it a space would fall back to three byte tokens that detokenize to "▁", not " ". */
export const SPACE_ID = FIRST_BYTE_ID + 256;
export const FIRST_WORD_ID = SPACE_ID + 1;
export const MAX_WORDS = 256;

export interface Vocab {
  readonly tokens: readonly string[];
  readonly scores: Float32Array;
  readonly types: Int32Array;
  /** Word k (without the SPM marker) is token `FIRST_WORD_ID + k`. */
  readonly words: readonly string[];
}

const CONSONANTS = "bdfgklmnprstvz";
const VOWELS = "aeiou";

/** Seeded pronounceable words of 2-3 consonant-vowel syllables, unique and at least 4 letters long. */
export function generateWords(seed: number, count: number): string[] {
  const rng = createPrng(seed, "vocab.words");
  const seen = new Set<string>();
  const words: string[] = [];
  while (words.length < count) {
    const syllables = 2 + rng.nextInt(2);
    let word = "";
    for (let s = 0; s < syllables; s++) {
      word += CONSONANTS[rng.nextInt(CONSONANTS.length)]! + VOWELS[rng.nextInt(VOWELS.length)]!;
    }
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words;
}

export function byteTokenText(byte: number): string {
  return `<0x${byte.toString(16).toUpperCase().padStart(2, "0")}>`;
}

/**
 * Special tokens, all 256 byte tokens, "▁", then "▁word" pieces of 4+ letters. No piece is the
 * concatenation of two single characters, so llama.cpp's SPM bigram merging never fires: a space becomes
 * "▁" and every other character becomes its UTF-8 byte tokens.
 */
export function buildVocab(seed: number, wordCount: number): Vocab {
  const words = generateWords(seed, wordCount);
  const tokens: string[] = ["<unk>", "<s>", "</s>"];
  const types: number[] = [TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL];
  const scores: number[] = [0, 0, 0];
  for (let b = 0; b < 256; b++) {
    tokens.push(byteTokenText(b));
    types.push(TokenType.BYTE);
    scores.push(0);
  }
  tokens.push(SPM_SPACE);
  types.push(TokenType.NORMAL);
  scores.push(0);
  words.forEach((w, k) => {
    tokens.push(SPM_SPACE + w);
    types.push(TokenType.NORMAL);
    scores.push(-(k + 1));
  });
  return { tokens, scores: Float32Array.from(scores), types: Int32Array.from(types), words };
}
