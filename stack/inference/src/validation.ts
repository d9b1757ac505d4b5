import { HttpError } from "./errors.ts";

export type Api = "llama" | "openai";

export interface RequestLimits {
  readonly maxPromptTokens: number;
  readonly maxPredict: number;
  readonly defaultPredict: number;
  readonly contextSize: number;
}

export interface CompletionRequest {
  readonly api: Api;
  readonly prompt: string;
  readonly nPredict: number;
  readonly stream: boolean;
  readonly temperature: number;
  readonly topK: number | undefined;
  readonly topP: number | undefined;
  readonly seed: number | undefined;
  readonly stop: readonly string[];
  readonly model: string | undefined;
}

const MAX_STOP_STRINGS = 4;
const MAX_STOP_LENGTH = 64;

const bad = (message: string): HttpError => new HttpError(400, "invalid_request", message);

export function parseJsonBody(raw: Buffer | string): unknown {
  const text = typeof raw === "string" ? raw : raw.toString("utf8");
  if (text.trim() === "") throw new HttpError(400, "invalid_json", "request body is empty; expected a JSON object");
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HttpError(400, "invalid_json", `request body is not valid JSON: ${(err as Error).message}`);
  }
}

function optionalNumber(body: Record<string, unknown>, key: string, min: number, max: number, integer = false): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw bad(`"${key}" must be ${integer ? "an integer" : "a number"}, got ${JSON.stringify(value)}`);
  }
  if (value < min || value > max) throw bad(`"${key}" must be in [${min}, ${max}], got ${value}`);
  return value;
}

function readPrompt(body: Record<string, unknown>): string {
  const prompt = body["prompt"];
  if (typeof prompt === "string") return prompt;
  // OpenAI clients often send a one-element array; batches of prompts are not supported.
  if (Array.isArray(prompt) && prompt.length === 1 && typeof prompt[0] === "string") return prompt[0];
  if (prompt === undefined) throw bad('"prompt" is required');
  throw bad('"prompt" must be a string (or an array holding exactly one string)');
}

function readStop(body: Record<string, unknown>): string[] {
  const stop = body["stop"];
  if (stop === undefined || stop === null) return [];
  const list = typeof stop === "string" ? [stop] : stop;
  if (!Array.isArray(list) || !list.every((s): s is string => typeof s === "string" && s.length > 0 && s.length <= MAX_STOP_LENGTH)) {
    throw bad(`"stop" must be a string or an array of non-empty strings of at most ${MAX_STOP_LENGTH} characters`);
  }
  if (list.length > MAX_STOP_STRINGS) throw bad(`"stop" accepts at most ${MAX_STOP_STRINGS} strings, got ${list.length}`);
  return list;
}

/** Shape and range checks that need no model; the token-count check follows in checkPromptTokens. */
export function validateCompletionRequest(body: unknown, api: Api, limits: RequestLimits): CompletionRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw bad("request body must be a JSON object");
  const b = body as Record<string, unknown>;
  const prompt = readPrompt(b);
  const lengthKey = api === "llama" ? "n_predict" : "max_tokens";
  const requested = optionalNumber(b, lengthKey, -1, Number.MAX_SAFE_INTEGER, true);
  if (requested !== undefined && requested > limits.maxPredict) {
    throw bad(`"${lengthKey}" (${requested}) exceeds the maximum of ${limits.maxPredict} tokens`);
  }
  // llama.cpp's n_predict -1 means "as many as allowed"; here that is the configured maximum.
  const nPredict = requested === undefined ? limits.defaultPredict : requested === -1 ? limits.maxPredict : requested;
  const stream = b["stream"] ?? false;
  if (typeof stream !== "boolean") throw bad(`"stream" must be a boolean, got ${JSON.stringify(stream)}`);
  optionalNumber(b, "n", 1, 1, true);
  const model = b["model"];
  if (model !== undefined && model !== null && typeof model !== "string") throw bad('"model" must be a string');
  return {
    api,
    prompt,
    nPredict,
    stream,
    temperature: optionalNumber(b, "temperature", 0, 5) ?? 0,
    topK: optionalNumber(b, "top_k", 0, 100_000, true),
    topP: optionalNumber(b, "top_p", 0, 1),
    seed: optionalNumber(b, "seed", 0, 0xffffffff, true),
    stop: readStop(b),
    model: typeof model === "string" ? model : undefined,
  };
}

/** `promptTokens` counts what the model evaluates, BOS included. */
export function checkPromptTokens(promptTokens: number, nPredict: number, limits: RequestLimits): void {
  if (promptTokens > limits.maxPromptTokens) {
    throw bad(`prompt is ${promptTokens} tokens, more than the maximum of ${limits.maxPromptTokens}`);
  }
  if (promptTokens + nPredict > limits.contextSize) {
    throw bad(`prompt (${promptTokens} tokens) plus ${nPredict} predicted tokens exceeds the context size of ${limits.contextSize}`);
  }
}
