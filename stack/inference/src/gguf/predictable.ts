import { planModel, type ModelParams, type ModelPlan } from "./plan.ts";
import { BOS_ID, FIRST_BYTE_ID, FIRST_WORD_ID, SPACE_ID, SPM_SPACE, generateWords } from "./vocab.ts";

/*
 * The rule of predictable mode (what the weights of tensors.ts implement):
 *   - vocabulary: 0 <unk>, 1 <s> (BOS), 2 </s> (EOS), 3..258 the byte tokens <0x00>..<0xFF>, 259 "▁",
 *     260..260+W-1 the words "▁w_0".."▁w_{W-1}" with W = min(256, embeddingLength);
 *   - text tokenizes to BOS, then per character: " " -> 259, anything else -> its UTF-8 byte tokens;
 *   - the next token depends only on the current (last) token:
 *       word k -> word (k+1) mod W;  byte b -> word (b mod W);  "▁" -> word (32 mod W);
 *       <unk>/<s>/</s> -> word 0;
 *   - greedy decoding therefore emits W-cycle words; EOS is never produced, so exactly n tokens come out,
 *     and each word detokenizes as " " + w.
 */

function asPlan(planOrParams: ModelPlan | ModelParams): ModelPlan {
  return "vocabSize" in planOrParams ? planOrParams : planModel(planOrParams);
}

export function successorToken(plan: ModelPlan, token: number): number {
  const w = plan.wordCount;
  if (token >= FIRST_WORD_ID && token < FIRST_WORD_ID + w) return FIRST_WORD_ID + ((token - FIRST_WORD_ID + 1) % w);
  if (token >= FIRST_BYTE_ID && token < SPACE_ID) return FIRST_WORD_ID + ((token - FIRST_BYTE_ID) % w);
  if (token === SPACE_ID) return FIRST_WORD_ID + (0x20 % w);
  return FIRST_WORD_ID;
}

/** Mirrors llama.cpp's SPM tokenization for this vocabulary (no piece ever merges). */
export function tokenizePrompt(text: string): number[] {
  const tokens = [BOS_ID];
  for (const char of text) {
    if (char === " " || char === SPM_SPACE) tokens.push(SPACE_ID);
    else for (const b of Buffer.from(char, "utf8")) tokens.push(FIRST_BYTE_ID + b);
  }
  return tokens;
}

export interface ExpectedCompletion {
  readonly tokens: readonly number[];
  readonly text: string;
}

/**
 * What greedy decoding of a predictable-mode model returns for `prompt` (text, or token ids as the
 * model would see them including BOS) when asked for `n` tokens. Computed without loading the model.
 */
export function expectedCompletion(
  planOrParams: ModelPlan | ModelParams,
  prompt: string | readonly number[],
  n: number,
): ExpectedCompletion {
  const plan = asPlan(planOrParams);
  if (plan.mode !== "predictable") throw new Error(`expectedCompletion needs a predictable-mode model, got mode ${plan.mode}`);
  if (!Number.isInteger(n) || n < 0) throw new Error(`n must be a non-negative integer, got ${n}`);
  const promptTokens = typeof prompt === "string" ? tokenizePrompt(prompt) : prompt;
  const words = generateWords(plan.seed, plan.wordCount);
  const tokens: number[] = [];
  let current = promptTokens.at(-1) ?? BOS_ID;
  for (let i = 0; i < n; i++) {
    current = successorToken(plan, current);
    tokens.push(current);
  }
  const text = tokens.map((t) => ` ${words[t - FIRST_WORD_ID]!}`).join("");
  return { tokens, text };
}
