import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { readBody } from "./body.ts";
import type { Config } from "./config.ts";
import type { Engine, GenerationResult, Slot } from "./engine.ts";
import { DeadlineExceededError, OverloadedError } from "./errors.ts";
import type { Metrics } from "./metrics.ts";
import {
  finishReason,
  llamaCompletionBody,
  llamaStreamChunk,
  openAiCompletionBody,
  openAiStreamChunk,
  type CompletionOutcome,
} from "./responses.ts";
import type { SlotPool } from "./slots.ts";
import { SSE_DONE, SseWriter } from "./sse.ts";
import { checkPromptTokens, parseJsonBody, validateCompletionRequest, type Api, type RequestLimits } from "./validation.ts";

/** Fields the completion handler contributes to the request's log line. */
export interface RequestNotes {
  promptTokens?: number;
  predictedTokens?: number;
  queueMs?: number;
  slot?: number;
  stopType?: string;
}

export interface CompletionDeps {
  readonly config: Config;
  readonly engine: Engine;
  readonly pool: SlotPool<Slot>;
  readonly metrics: Metrics;
}

export function limitsOf(config: Config): RequestLimits {
  return {
    maxPromptTokens: config.maxPromptTokens,
    maxPredict: config.maxPredict,
    defaultPredict: config.defaultPredict,
    contextSize: config.contextSize,
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

const emptyResult: GenerationResult = { text: "", tokensPredicted: 0, promptMs: 0, predictedMs: 0, stopType: "limit" };

/**
 * Body -> validation -> token check -> slot (or 503) -> optional artificial delay -> generation.
 * Throws for every failure before headers are sent; the caller maps errors to responses.
 */
export async function handleCompletion(
  api: Api,
  req: IncomingMessage,
  res: ServerResponse,
  signal: AbortSignal,
  deps: CompletionDeps,
  notes: RequestNotes,
): Promise<void> {
  const { config, engine, pool, metrics } = deps;
  const limits = limitsOf(config);
  const raw = await readBody(req, config.maxBodyBytes, signal).catch((err: unknown) => {
    if (err instanceof DeadlineExceededError) metrics.timeouts.inc({ stage: "body" });
    throw err;
  });
  const request = validateCompletionRequest(parseJsonBody(raw), api, limits);
  const prompt = engine.tokenize(request.prompt);
  notes.promptTokens = prompt.evaluated;
  checkPromptTokens(prompt.evaluated, request.nPredict, limits);

  const lease = await pool.acquire(signal).catch((err: unknown) => {
    if (err instanceof OverloadedError) metrics.rejected.inc({ reason: "overloaded" });
    if (signal.reason instanceof DeadlineExceededError) metrics.timeouts.inc({ stage: "queue" });
    throw err;
  });
  notes.queueMs = Math.round(lease.queuedMs * 100) / 100;
  notes.slot = lease.slot.id;
  metrics.queueWait.observe(lease.queuedMs / 1000);
  try {
    if (config.artificialDelayMs > 0) await delay(config.artificialDelayMs, undefined, { signal });
    const head = { id: `cmpl-${randomUUID()}`, created: Math.floor(Date.now() / 1000), model: request.model ?? config.modelAlias };
    const outcome = (result: GenerationResult): CompletionOutcome => ({
      ...head,
      slotId: lease.slot.id,
      promptTokens: prompt.evaluated,
      result,
    });
    const sse = request.stream ? new SseWriter(res) : undefined;
    sse?.open();
    const onText = sse
      ? (text: string) => sse.send(api === "llama" ? llamaStreamChunk(text, lease.slot.id) : openAiStreamChunk(head, text, null))
      : undefined;
    const result =
      request.nPredict === 0 ? emptyResult : await engine.generate(lease.slot, prompt, request, signal, onText);
    notes.predictedTokens = result.tokensPredicted;
    notes.stopType = result.stopType;
    metrics.tokensGenerated.inc(result.tokensPredicted);
    metrics.tokensEvaluated.inc(prompt.evaluated);
    if (signal.aborted) {
      if (signal.reason instanceof DeadlineExceededError) metrics.timeouts.inc({ stage: "generation" });
      throw signal.reason;
    }
    if (sse === undefined) {
      sendJson(res, 200, api === "llama" ? llamaCompletionBody(outcome(result)) : openAiCompletionBody(outcome(result)));
    } else if (api === "llama") {
      sse.send(llamaCompletionBody(outcome(result), ""));
      sse.end();
    } else {
      const final = openAiStreamChunk(head, "", finishReason(result.stopType));
      sse.send({ ...final, usage: openAiCompletionBody(outcome(result)).usage });
      sse.end(SSE_DONE);
    }
  } finally {
    lease.release();
  }
}
