import { describe, expect, test } from "vitest";
import { planModel } from "../src/gguf/plan.ts";
import { expectedCompletion, successorToken, tokenizePrompt } from "../src/gguf/predictable.ts";
import { BOS_ID, FIRST_BYTE_ID, FIRST_WORD_ID, SPACE_ID, generateWords } from "../src/gguf/vocab.ts";

describe("predictable-mode rule", () => {
  const plan = planModel({ sizeMb: 20, seed: 1, mode: "predictable" });
  const words = generateWords(1, plan.wordCount);

  test("text is BOS, then byte tokens, with spaces as the lone ▁ piece", () => {
    expect(tokenizePrompt("a b")).toEqual([BOS_ID, FIRST_BYTE_ID + 0x61, SPACE_ID, FIRST_BYTE_ID + 0x62]);
    expect(tokenizePrompt("é")).toEqual([BOS_ID, FIRST_BYTE_ID + 0xc3, FIRST_BYTE_ID + 0xa9]);
  });

  test("the last prompt token picks the first word, then words cycle", () => {
    expect(plan.wordCount).toBe(256);
    const { tokens, text } = expectedCompletion(plan, "Hello", 3);
    const first = 0x6f % plan.wordCount;
    expect(tokens).toEqual([FIRST_WORD_ID + first, FIRST_WORD_ID + first + 1, FIRST_WORD_ID + first + 2]);
    expect(text).toBe(` ${words[first]} ${words[first + 1]} ${words[first + 2]}`);
    expect(successorToken(plan, FIRST_WORD_ID + plan.wordCount - 1)).toBe(FIRST_WORD_ID);
    expect(successorToken(plan, SPACE_ID)).toBe(FIRST_WORD_ID + 32);
    expect(successorToken(plan, BOS_ID)).toBe(FIRST_WORD_ID);
  });

  test("token-id prompts and empty prompts are accepted; random mode has no expectation", () => {
    expect(expectedCompletion(plan, [BOS_ID], 1).tokens).toEqual([FIRST_WORD_ID]);
    expect(expectedCompletion(plan, "", 2).text).toBe(` ${words[0]} ${words[1]}`);
    expect(() => expectedCompletion({ ...plan, mode: "random" }, "x", 1)).toThrow(/predictable-mode/);
  });
});
