import { existsSync } from "node:fs";
import { basename } from "node:path";
import {
  LlamaCompletion,
  LlamaLogLevel,
  LlamaVocabularyType,
  getLlama,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel,
  type Token,
} from "node-llama-cpp";
import type { Logger } from "./log.ts";

export interface EngineOptions {
  readonly modelPath: string;
  readonly threads: number;
  readonly slots: number;
  readonly contextSize: number;
}

export interface Slot {
  readonly id: number;
  readonly sequence: LlamaContextSequence;
  readonly completion: LlamaCompletion;
}

export interface GenerationOptions {
  readonly nPredict: number;
  readonly temperature: number;
  readonly topK: number | undefined;
  readonly topP: number | undefined;
  readonly seed: number | undefined;
  readonly stop: readonly string[];
}

export type StopType = "limit" | "eos" | "word" | "abort";

export interface GenerationResult {
  readonly text: string;
  readonly tokensPredicted: number;
  readonly promptMs: number;
  readonly predictedMs: number;
  readonly stopType: StopType;
}

export interface PromptTokens {
  /** Without BOS: what LlamaCompletion takes (it prepends BOS itself). */
  readonly tokens: readonly Token[];
  /** What the model evaluates, BOS included. */
  readonly evaluated: number;
}

export interface Engine {
  readonly modelName: string;
  readonly contextSize: number;
  readonly slots: readonly Slot[];
  tokenize(prompt: string): PromptTokens;
  generate(slot: Slot, prompt: PromptTokens, options: GenerationOptions, signal: AbortSignal, onText?: (text: string) => void): Promise<GenerationResult>;
  dispose(): Promise<void>;
}

const LOG_LEVELS: Partial<Record<LlamaLogLevel, string>> = {
  [LlamaLogLevel.fatal]: "fatal",
  [LlamaLogLevel.error]: "error",
  [LlamaLogLevel.warn]: "warn",
};

/** Loads llama.cpp and the model once per process; each slot is one sequence of a single shared context. */
export async function loadEngine(options: EngineOptions, log: Logger): Promise<Engine> {
  if (!existsSync(options.modelPath)) throw new Error(`MODEL_PATH ${options.modelPath} does not exist`);
  const llama: Llama = await getLlama({
    gpu: false,
    build: "never",
    skipDownload: true,
    progressLogs: false,
    maxThreads: options.threads,
    logLevel: LlamaLogLevel.warn,
    logger: (level, message) => {
      const text = message.trim();
      if (text !== "") log({ level: LOG_LEVELS[level] ?? "info", msg: text, source: "llama.cpp" });
    },
  });
  let model: LlamaModel | undefined;
  let context: LlamaContext | undefined;
  try {
    model = await llama.loadModel({ modelPath: options.modelPath });
    context = await model.createContext({
      contextSize: options.contextSize,
      sequences: options.slots,
      threads: options.threads,
    });
  } catch (err) {
    await model?.dispose();
    await llama.dispose();
    throw err;
  }
  const loadedModel = model;
  const ctx = context;
  const slots: Slot[] = [];
  for (let id = 0; id < options.slots; id++) {
    const sequence = ctx.getSequence();
    slots.push({ id, sequence, completion: new LlamaCompletion({ contextSequence: sequence }) });
  }
  const prependsBos = loadedModel.tokens.bos != null && loadedModel.tokens.shouldPrependBosToken;
  // node-llama-cpp releases text held back for a partial stop-string match as raw SPM pieces ("▁x");
  // SentencePiece decoding always turns "▁" into a space.
  const decodeText =
    loadedModel.vocabularyType === LlamaVocabularyType.spm ? (text: string) => text.replaceAll("\u2581", " ") : (text: string) => text;

  return {
    modelName: basename(options.modelPath),
    contextSize: ctx.contextSize,
    slots,
    tokenize(prompt) {
      const tokens = loadedModel.tokenize(prompt, false, "trimLeadingSpace");
      return { tokens, evaluated: tokens.length + (prependsBos ? 1 : 0) };
    },
    async generate(slot, prompt, opts, signal, onText) {
      // Every request pays for its whole prompt, so latency does not depend on what ran before.
      await slot.sequence.clearHistory();
      const started = performance.now();
      let firstTokenAt: number | undefined;
      let predicted = 0;
      const { response, metadata } = await slot.completion.generateCompletionWithMeta([...prompt.tokens], {
        maxTokens: opts.nPredict,
        temperature: opts.temperature,
        topK: opts.topK,
        topP: opts.topP,
        seed: opts.seed,
        customStopTriggers: opts.stop.length > 0 ? opts.stop : undefined,
        repeatPenalty: false,
        signal,
        stopOnAbortSignal: true,
        disableContextShift: true,
        contextShiftSize: 1,
        onToken: (tokens) => {
          firstTokenAt ??= performance.now();
          predicted += tokens.length;
        },
        onTextChunk: onText === undefined ? undefined : (text) => onText(decodeText(text)),
      });
      const ended = performance.now();
      const stopType: StopType =
        metadata.stopReason === "maxTokens"
          ? "limit"
          : metadata.stopReason === "eogToken"
            ? "eos"
            : metadata.stopReason === "abort"
              ? "abort"
              : "word";
      return {
        text: decodeText(response),
        tokensPredicted: predicted,
        promptMs: (firstTokenAt ?? ended) - started,
        predictedMs: ended - (firstTokenAt ?? ended),
        stopType,
      };
    },
    async dispose() {
      await ctx.dispose();
      await loadedModel.dispose();
      await llama.dispose();
    },
  };
}
