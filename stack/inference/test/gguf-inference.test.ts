import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LlamaCompletion, getLlama, type Llama, type LlamaModel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateModel } from "../src/gguf/generate.ts";
import type { ModelParams } from "../src/gguf/plan.ts";
import { expectedCompletion, tokenizePrompt } from "../src/gguf/predictable.ts";

const dir = mkdtempSync(join(tmpdir(), "gguf-inference-"));
const predictable: ModelParams = { sizeMb: 1, seed: 11, mode: "predictable" };
let llama: Llama;
let model: LlamaModel;

beforeAll(async () => {
  llama = await getLlama({ gpu: false, build: "never", skipDownload: true, maxThreads: 1 });
  model = await llama.loadModel({ modelPath: generateModel(predictable, join(dir, "p.gguf")).path });
}, 30_000);

afterAll(async () => {
  await model?.dispose();
  await llama?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function complete(m: LlamaModel, prompt: string, maxTokens: number, temperature = 0): Promise<string> {
  const context = await m.createContext({ contextSize: 256, threads: 1 });
  try {
    const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
    return await completion.generateCompletion(prompt, { maxTokens, temperature, repeatPenalty: false });
  } finally {
    await context.dispose();
  }
}

describe("generated model in llama.cpp", () => {
  test("tokenizes exactly as tokenizePrompt says", () => {
    for (const text of ["Hello world", "The quick brown fox jumps over ", "üñí €\n\tx", ""]) {
      expect([model.tokens.bos, ...model.tokenize(text)], JSON.stringify(text)).toEqual(tokenizePrompt(text));
    }
  });

  test.each(["Hello world", "The quick brown fox jumps over ", "ends with a digit 7", "€"])(
    "greedy output for %j equals expectedCompletion",
    async (prompt) => {
      expect(await complete(model, prompt, 12)).toBe(expectedCompletion(predictable, prompt, 12).text);
    },
  );

  test("the margin keeps sampling at temperature 1 on the predictable path", async () => {
    expect(await complete(model, "Hello", 8, 1)).toBe(expectedCompletion(predictable, "Hello", 8).text);
  });

  test("a random-mode model loads and emits printable words", async () => {
    const random = await llama.loadModel({
      modelPath: generateModel({ sizeMb: 1, seed: 5, mode: "random" }, join(dir, "r.gguf")).path,
    });
    try {
      const text = await complete(random, "Hello", 10);
      expect(text).toMatch(/^( [a-z]{4,6}){10}$/);
    } finally {
      await random.dispose();
    }
  });
});
