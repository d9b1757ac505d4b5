import type { Filler, GgufMetadata, TensorSpec } from "./format.ts";
import { GGUF_ALIGNMENT } from "./format.ts";
import type { ModelPlan } from "./plan.ts";
import { successorToken } from "./predictable.ts";
import { createPrng } from "./prng.ts";
import { BOS_ID, EOS_ID, FIRST_WORD_ID, UNK_ID, buildVocab } from "./vocab.ts";

/** Logit margin per unit of normalized activation; large enough that sampling temperatures up to ~5 stay greedy. */
const PREDICTABLE_OUTPUT_GAIN = 8;
/** Random mode keeps one residual dimension constant so non-word tokens can be pushed far down. */
const RANDOM_BIAS_GAIN = 16;

const zeros = (): Filler => () => {};
const ones = (): Filler => (out) => out.fill(1);

function uniform(seed: number, stream: string, scale: number): () => Filler {
  return () => {
    const rng = createPrng(seed, stream);
    return (out) => {
      for (let i = 0; i < out.length; i++) out[i] = (rng.nextFloat() * 2 - 1) * scale;
    };
  };
}

type RowFn = (r: number, out: Float32Array) => void;

/**
 * Row-major matrix whose row r comes from a fresh `makeRow()` per write; rows are produced in order and
 * exactly once even when a chunk boundary splits one, so stateful (seeded) row functions stay deterministic.
 */
function byRow(rowLength: number, makeRow: () => RowFn): () => Filler {
  return () => {
    const row = makeRow();
    const buf = new Float32Array(rowLength);
    let current = -1;
    return (out, start) => {
      for (let i = 0; i < out.length; ) {
        const index = start + i;
        const r = Math.floor(index / rowLength);
        const col = index % rowLength;
        if (r !== current) {
          buf.fill(0);
          row(r, buf);
          current = r;
        }
        const take = Math.min(rowLength - col, out.length - i);
        out.set(buf.subarray(col, col + take), i);
        i += take;
      }
    };
  };
}

/** Uniform random except that row `keepZeroRow` (one output feature) is zero. */
function uniformExceptRow(seed: number, stream: string, scale: number, rowLength: number, keepZeroRow: number): () => Filler {
  return () => {
    const rng = createPrng(seed, stream);
    return (out, start) => {
      for (let i = 0; i < out.length; i++) {
        const value = (rng.nextFloat() * 2 - 1) * scale;
        out[i] = Math.floor((start + i) / rowLength) === keepZeroRow ? 0 : value;
      }
    };
  };
}

export function buildMetadata(plan: ModelPlan): GgufMetadata {
  const vocab = buildVocab(plan.seed, plan.wordCount);
  return [
    ["general.architecture", { type: "string", value: "llama" }],
    ["general.name", { type: "string", value: `xnai-${plan.mode}-d${plan.embeddingLength}-l${plan.blockCount}-s${plan.seed}` }],
    ["general.alignment", { type: "u32", value: GGUF_ALIGNMENT }],
    ["general.file_type", { type: "u32", value: 0 }],
    ["llama.context_length", { type: "u32", value: plan.contextLength }],
    ["llama.embedding_length", { type: "u32", value: plan.embeddingLength }],
    ["llama.block_count", { type: "u32", value: plan.blockCount }],
    ["llama.feed_forward_length", { type: "u32", value: plan.feedForwardLength }],
    ["llama.attention.head_count", { type: "u32", value: plan.headCount }],
    ["llama.attention.head_count_kv", { type: "u32", value: plan.headCountKv }],
    ["llama.attention.layer_norm_rms_epsilon", { type: "f32", value: 1e-5 }],
    ["llama.rope.dimension_count", { type: "u32", value: plan.headDim }],
    ["llama.rope.freq_base", { type: "f32", value: 10000 }],
    ["llama.vocab_size", { type: "u32", value: plan.vocabSize }],
    ["tokenizer.ggml.model", { type: "string", value: "llama" }],
    ["tokenizer.ggml.tokens", { type: "string[]", value: vocab.tokens }],
    ["tokenizer.ggml.scores", { type: "f32[]", value: vocab.scores }],
    ["tokenizer.ggml.token_type", { type: "i32[]", value: vocab.types }],
    ["tokenizer.ggml.unknown_token_id", { type: "u32", value: UNK_ID }],
    ["tokenizer.ggml.bos_token_id", { type: "u32", value: BOS_ID }],
    ["tokenizer.ggml.eos_token_id", { type: "u32", value: EOS_ID }],
    ["tokenizer.ggml.add_bos_token", { type: "bool", value: true }],
    ["tokenizer.ggml.add_eos_token", { type: "bool", value: false }],
    ["tokenizer.ggml.add_space_prefix", { type: "bool", value: false }],
  ];
}

/**
 * Predictable mode: the embedding of token t is the one-hot of successor(t)'s word index and
 * attn_output/ffn_down are zero, so the residual stream reaching the head is exactly that one-hot; the
 * output row of word k is a scaled one-hot of k, so argmax = successor(t). Q/K/V/gate/up are random and
 * every matmul still runs, so compute cost matches a real model of the same shape.
 */
export function buildTensors(plan: ModelPlan): TensorSpec[] {
  const d = plan.embeddingLength;
  const dKv = plan.headDim * plan.headCountKv;
  const f = plan.feedForwardLength;
  const v = plan.vocabSize;
  const seed = plan.seed;
  const predictable = plan.mode === "predictable";
  const inScale = 1 / Math.sqrt(d);
  const tensors: TensorSpec[] = [];

  tensors.push({
    name: "token_embd.weight",
    shape: [d, v],
    source: predictable
      ? byRow(d, () => (t, out) => {
          out[successorToken(plan, t) - FIRST_WORD_ID] = 1;
        })
      : byRow(d, () => {
          const fill = uniform(seed, "token_embd", 1)();
          return (t, out) => {
            fill(out, t * d);
            out[0] = RANDOM_BIAS_GAIN / 4;
          };
        }),
  });

  for (let l = 0; l < plan.blockCount; l++) {
    const p = `blk.${l}`;
    const projOut = (name: string, shape: [number, number]): TensorSpec => ({
      name: `${p}.${name}.weight`,
      shape,
      source: predictable ? zeros : uniformExceptRow(seed, `${p}.${name}`, inScale / 2, shape[0], 0),
    });
    tensors.push(
      { name: `${p}.attn_norm.weight`, shape: [d], source: ones },
      { name: `${p}.attn_q.weight`, shape: [d, d], source: uniform(seed, `${p}.attn_q`, inScale) },
      { name: `${p}.attn_k.weight`, shape: [d, dKv], source: uniform(seed, `${p}.attn_k`, inScale) },
      { name: `${p}.attn_v.weight`, shape: [d, dKv], source: uniform(seed, `${p}.attn_v`, inScale) },
      projOut("attn_output", [d, d]),
      { name: `${p}.ffn_norm.weight`, shape: [d], source: ones },
      { name: `${p}.ffn_gate.weight`, shape: [d, f], source: uniform(seed, `${p}.ffn_gate`, inScale) },
      { name: `${p}.ffn_up.weight`, shape: [d, f], source: uniform(seed, `${p}.ffn_up`, inScale) },
      projOut("ffn_down", [f, d]),
    );
  }

  tensors.push({ name: "output_norm.weight", shape: [d], source: ones });
  const firstWord = FIRST_WORD_ID;
  const lastWord = FIRST_WORD_ID + plan.wordCount;
  tensors.push({
    name: "output.weight",
    shape: [d, v],
    source: predictable
      ? byRow(d, () => (t, out) => {
          if (t >= firstWord && t < lastWord) out[t - firstWord] = PREDICTABLE_OUTPUT_GAIN;
        })
      : byRow(d, () => {
          const rng = createPrng(seed, "output");
          return (t, out) => {
            for (let i = 0; i < d; i++) out[i] = (rng.nextFloat() * 2 - 1) * inScale;
            out[0] = t >= firstWord && t < lastWord ? 0 : -RANDOM_BIAS_GAIN;
          };
        }),
  });
  return tensors;
}
