import { FIRST_WORD_ID, MAX_WORDS } from "./vocab.ts";

export type ModelMode = "predictable" | "random";
export const MODEL_MODES: readonly ModelMode[] = ["predictable", "random"];

export interface ModelParams {
  /** Target file size in MiB; dimensions not given explicitly are chosen to approach it. */
  readonly sizeMb?: number;
  readonly seed: number;
  readonly mode: ModelMode;
  readonly contextLength?: number;
  readonly embeddingLength?: number;
  readonly blockCount?: number;
  readonly feedForwardLength?: number;
  readonly headCount?: number;
  readonly headCountKv?: number;
}

export interface ModelPlan {
  readonly mode: ModelMode;
  readonly seed: number;
  readonly contextLength: number;
  readonly embeddingLength: number;
  readonly blockCount: number;
  readonly feedForwardLength: number;
  readonly headCount: number;
  readonly headCountKv: number;
  readonly headDim: number;
  readonly wordCount: number;
  readonly vocabSize: number;
  readonly parameterCount: number;
  /** Tensor data bytes (F32); the file adds a header of a few KiB. */
  readonly tensorBytes: number;
  readonly targetBytes: number | undefined;
}

/** ~70-100 ms for a 32-token prompt + 16 tokens on 2 cores with 1 thread (measurements in README). */
export const DEFAULT_MODEL_SIZE_MB = 32;
export const MIN_SIZE_MB = 0.5;
export const MAX_SIZE_MB = 2048;
export const DEFAULT_CONTEXT_LENGTH = 2048;
const MIB = 1024 * 1024;
const WIDTH_LADDER = [2048, 1536, 1024, 768, 640, 512, 384, 320, 256, 192, 128, 64];
const PREFERRED_MIN_LAYERS = 4;
const FFN_MULTIPLE = 32;

export class ModelParamsError extends Error {
  override readonly name = "ModelParamsError";
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(`Invalid model parameters: ${issues.join("; ")}`);
    this.issues = issues;
  }
}

export function wordCountFor(embeddingLength: number): number {
  return Math.min(MAX_WORDS, embeddingLength);
}

function defaultHeadCount(d: number): number {
  if (d >= 128 && d % 64 === 0) return d / 64;
  return d % 32 === 0 ? d / 32 : 1;
}

function roundTo(n: number, multiple: number): number {
  return Math.max(multiple, Math.round(n / multiple) * multiple);
}

interface Dims {
  readonly d: number;
  readonly dKv: number;
  readonly layers: number;
  readonly ffn: number;
}

function vocabSizeFor(d: number): number {
  return FIRST_WORD_ID + wordCountFor(d);
}

function fixedParams(d: number): number {
  return 2 * vocabSizeFor(d) * d + d;
}

function attnParamsPerLayer(d: number, dKv: number): number {
  return 2 * d + 2 * d * d + 2 * d * dKv;
}

function countParams({ d, dKv, layers, ffn }: Dims): number {
  return fixedParams(d) + layers * (attnParamsPerLayer(d, dKv) + 3 * d * ffn);
}

function checkInt(issues: string[], name: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    issues.push(`${name} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
}

/** The smallest model this generator can make: width 64, one layer, the narrowest feed-forward. */
export function minimumSizeMb(): number {
  return (countParams({ d: 64, dKv: 64, layers: 1, ffn: FFN_MULTIPLE }) * 4) / MIB;
}

/**
 * Validates everything llama.cpp would otherwise GGML_ASSERT on (and abort the process), then picks
 * the dimensions. Throws ModelParamsError listing every problem; nothing is written before this passes.
 */
export function planModel(params: ModelParams): ModelPlan {
  const issues: string[] = [];
  if (!MODEL_MODES.includes(params.mode)) issues.push(`mode must be one of ${MODEL_MODES.join("|")}, got ${String(params.mode)}`);
  checkInt(issues, "seed", params.seed, 0, 0xffffffff);
  if (params.seed === undefined) issues.push("seed is required");
  checkInt(issues, "contextLength", params.contextLength, 32, 131072);
  checkInt(issues, "embeddingLength", params.embeddingLength, 32, 8192);
  checkInt(issues, "blockCount", params.blockCount, 1, 512);
  checkInt(issues, "feedForwardLength", params.feedForwardLength, 1, 65536);
  checkInt(issues, "headCount", params.headCount, 1, 256);
  checkInt(issues, "headCountKv", params.headCountKv, 1, 256);
  const derivesSomething =
    params.embeddingLength === undefined || params.blockCount === undefined || params.feedForwardLength === undefined;
  if (params.sizeMb !== undefined) {
    const min = Math.ceil(minimumSizeMb() * 100) / 100;
    if (typeof params.sizeMb !== "number" || !Number.isFinite(params.sizeMb)) {
      issues.push(`sizeMb must be a finite number, got ${String(params.sizeMb)}`);
    } else if (params.sizeMb < Math.max(MIN_SIZE_MB, min) || params.sizeMb > MAX_SIZE_MB) {
      issues.push(`sizeMb must be in [${Math.max(MIN_SIZE_MB, min)}, ${MAX_SIZE_MB}], got ${params.sizeMb}`);
    }
  } else if (derivesSomething) {
    issues.push("sizeMb is required unless embeddingLength, blockCount and feedForwardLength are all given");
  }
  if (issues.length > 0) throw new ModelParamsError(issues);

  const targetParams = params.sizeMb === undefined ? undefined : Math.floor((params.sizeMb * MIB) / 4);
  const dims = chooseDims(params, targetParams ?? 0, issues);
  const d = dims.d;
  const headCount = params.headCount ?? defaultHeadCount(d);
  const headCountKv = params.headCountKv ?? headCount;
  if (d % headCount !== 0) {
    issues.push(`embeddingLength (${d}) must be divisible by headCount (${headCount})`);
  } else if ((d / headCount) % 2 !== 0) {
    issues.push(`head dimension embeddingLength/headCount (${d}/${headCount}) must be even for RoPE`);
  }
  if (headCount % headCountKv !== 0) {
    issues.push(`headCount (${headCount}) must be divisible by headCountKv (${headCountKv})`);
  }
  if (issues.length > 0) throw new ModelParamsError(issues);

  const headDim = d / headCount;
  const finalDims: Dims = { ...dims, dKv: headDim * headCountKv };
  const parameterCount = countParams(finalDims);
  return {
    mode: params.mode,
    seed: params.seed,
    contextLength: params.contextLength ?? DEFAULT_CONTEXT_LENGTH,
    embeddingLength: d,
    blockCount: finalDims.layers,
    feedForwardLength: finalDims.ffn,
    headCount,
    headCountKv,
    headDim,
    wordCount: wordCountFor(d),
    vocabSize: vocabSizeFor(d),
    parameterCount,
    tensorBytes: parameterCount * 4,
    targetBytes: params.sizeMb === undefined ? undefined : Math.round(params.sizeMb * MIB),
  };
}

function chooseDims(params: ModelParams, targetParams: number, issues: string[]): Dims {
  const fixedWidth = params.embeddingLength;
  const candidates = fixedWidth !== undefined ? [fixedWidth] : WIDTH_LADDER;
  let chosen: { d: number; layers: number } | undefined;
  for (const d of candidates) {
    const ffn = params.feedForwardLength ?? roundTo((8 * d) / 3, FFN_MULTIPLE);
    const perLayer = attnParamsPerLayer(d, d) + 3 * d * ffn;
    const layers = params.blockCount ?? Math.max(1, Math.round((targetParams - fixedParams(d)) / perLayer));
    if (fixedWidth !== undefined || layers >= PREFERRED_MIN_LAYERS || d === 64) {
      chosen = { d, layers };
      break;
    }
  }
  const { d, layers } = chosen ?? { d: 64, layers: 1 };
  if (params.feedForwardLength !== undefined) return { d, dKv: d, layers, ffn: params.feedForwardLength };
  const ffnBudget = (targetParams - fixedParams(d) - layers * attnParamsPerLayer(d, d)) / (3 * d * layers);
  const ffn = Math.min(8 * d, roundTo(ffnBudget, FFN_MULTIPLE));
  if (ffnBudget < FFN_MULTIPLE / 2) {
    const needMb = (countParams({ d, dKv: d, layers, ffn: FFN_MULTIPLE }) * 4) / MIB;
    issues.push(
      `sizeMb ${params.sizeMb} is too small for embeddingLength ${d} and ${layers} block(s): they need at least ${needMb.toFixed(2)} MiB`,
    );
  }
  return { d, dKv: d, layers, ffn };
}
