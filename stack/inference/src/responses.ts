import type { GenerationResult, StopType } from "./engine.ts";

export interface CompletionOutcome {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  readonly slotId: number;
  readonly promptTokens: number;
  readonly result: GenerationResult;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

export function llamaTimings(o: CompletionOutcome) {
  const { result } = o;
  return {
    prompt_n: o.promptTokens,
    prompt_ms: round(result.promptMs),
    predicted_n: result.tokensPredicted,
    predicted_ms: round(result.predictedMs),
    predicted_per_second:
      result.predictedMs > 0 ? Math.round((result.tokensPredicted / result.predictedMs) * 1000 * 100) / 100 : null,
  };
}

/** llama.cpp server's /completion body; also the final SSE event (with empty content) when streaming. */
export function llamaCompletionBody(o: CompletionOutcome, content: string = o.result.text) {
  return {
    content,
    id_slot: o.slotId,
    model: o.model,
    stop: true,
    stop_type: o.result.stopType,
    tokens_predicted: o.result.tokensPredicted,
    tokens_evaluated: o.promptTokens,
    timings: llamaTimings(o),
  };
}

export function llamaStreamChunk(content: string, slotId: number) {
  return { content, stop: false, id_slot: slotId };
}

export function finishReason(stop: StopType): "length" | "stop" | null {
  if (stop === "limit") return "length";
  if (stop === "eos" || stop === "word") return "stop";
  return null;
}

export function openAiCompletionBody(o: CompletionOutcome) {
  return {
    id: o.id,
    object: "text_completion",
    created: o.created,
    model: o.model,
    choices: [{ text: o.result.text, index: 0, logprobs: null, finish_reason: finishReason(o.result.stopType) }],
    usage: {
      prompt_tokens: o.promptTokens,
      completion_tokens: o.result.tokensPredicted,
      total_tokens: o.promptTokens + o.result.tokensPredicted,
    },
  };
}

export function openAiStreamChunk(
  head: { readonly id: string; readonly created: number; readonly model: string },
  text: string,
  finish: "length" | "stop" | null,
) {
  return {
    id: head.id,
    object: "text_completion",
    created: head.created,
    model: head.model,
    choices: [{ text, index: 0, logprobs: null, finish_reason: finish }],
  };
}
