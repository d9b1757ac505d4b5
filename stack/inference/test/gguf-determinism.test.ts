import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { GgufValueType } from "../src/gguf/format.ts";
import { generateModel } from "../src/gguf/generate.ts";
import { planModel, type ModelParams } from "../src/gguf/plan.ts";
import { readGgufHeader } from "../src/gguf/reader.ts";

const dir = mkdtempSync(join(tmpdir(), "gguf-determinism-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");
const make = (name: string, params: ModelParams): string => generateModel(params, join(dir, name)).path;

describe("GGUF generator determinism", () => {
  const base: ModelParams = { sizeMb: 1, seed: 7, mode: "predictable" };

  test("same parameters give byte-identical files", () => {
    expect(sha(make("a.gguf", base))).toBe(sha(make("b.gguf", base)));
  });

  test("a different seed or mode gives a different file", () => {
    const reference = sha(make("ref.gguf", base));
    expect(sha(make("seed.gguf", { ...base, seed: 8 }))).not.toBe(reference);
    expect(sha(make("random.gguf", { ...base, mode: "random" }))).not.toBe(reference);
  });

  test("random mode is deterministic too", () => {
    const params: ModelParams = { ...base, mode: "random", seed: 3 };
    expect(sha(make("r1.gguf", params))).toBe(sha(make("r2.gguf", params)));
  });
});

describe("GGUF layout", () => {
  const path = make("layout.gguf", { sizeMb: 2, seed: 1, mode: "predictable" });
  const header = readGgufHeader(path);
  const plan = planModel({ sizeMb: 2, seed: 1, mode: "predictable" });

  test("is GGUF v3 with alignment 32 and strictly typed llama keys", () => {
    expect(header.version).toBe(3);
    expect(header.metadata.get("general.architecture")).toBe("llama");
    expect(header.metadata.get("general.alignment")).toBe(32);
    for (const key of [
      "llama.context_length",
      "llama.embedding_length",
      "llama.block_count",
      "llama.feed_forward_length",
      "llama.attention.head_count",
    ]) {
      expect(header.metadataTypes.get(key), key).toBe(GgufValueType.UINT32);
    }
    expect(header.metadataTypes.get("llama.attention.layer_norm_rms_epsilon")).toBe(GgufValueType.FLOAT32);
    expect(header.metadata.get("tokenizer.ggml.model")).toBe("llama");
    expect((header.metadata.get("tokenizer.ggml.tokens") as string[]).length).toBe(plan.vocabSize);
    expect((header.metadata.get("tokenizer.ggml.token_type") as number[]).length).toBe(plan.vocabSize);
  });

  test("has every llama tensor, offsets are the running sum of 32-byte padded sizes", () => {
    const names = new Set(header.tensors.map((t) => t.name));
    for (const n of ["token_embd.weight", "output_norm.weight", "output.weight"]) expect(names).toContain(n);
    for (let l = 0; l < plan.blockCount; l++) {
      for (const t of ["attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm", "ffn_gate", "ffn_up", "ffn_down"]) {
        expect(names).toContain(`blk.${l}.${t}.weight`);
      }
    }
    let expected = 0;
    for (const t of header.tensors) {
      expect(t.offset, t.name).toBe(expected);
      expect(t.offset % 32).toBe(0);
      expected += Math.ceil((t.shape.reduce((a, b) => a * b, 1) * 4) / 32) * 32;
    }
    expect(header.dataOffset % 32).toBe(0);
    expect(header.fileBytes).toBe(header.dataOffset + expected);
  });

  test("size approaches the requested MiB", () => {
    expect(Math.abs(header.fileBytes / (2 * 1024 * 1024) - 1)).toBeLessThan(0.1);
    const big = planModel({ sizeMb: 40, seed: 1, mode: "predictable" });
    expect(Math.abs(big.tensorBytes / (40 * 1024 * 1024) - 1)).toBeLessThan(0.05);
  });
});
