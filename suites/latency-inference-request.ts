// The inference request the latency gate is defined on: a 32-token-class prompt and 16 generated
// tokens. The prompt length is calibrated against the server's own token count (tokens_evaluated,
// or OpenAI usage.prompt_tokens), so it holds for any tokenizer, not only the reference model's.
import type { StartedStack } from "../harness/stack/launcher/started-stack.ts";
import type { StackProfile } from "../harness/stack/profile.ts";

export const promptTokensTarget = 32;
export const generatedTokens = 16;

const text =
  "The quick brown fox jumps over the lazy dog while tmpfs keeps the cache in memory and the breaker guards the model server from overload during every test run of the stack";

export interface InferenceRequest {
  url: string;
  body: Record<string, unknown>;
  promptTokens: number | undefined;
  predictedTokens: number | undefined;
}

function bodyFor(path: string, prompt: string): Record<string, unknown> {
  return path.includes("/v1/") ? { prompt, max_tokens: generatedTokens, temperature: 0 } : { prompt, n_predict: generatedTokens, temperature: 0 };
}

function counts(json: unknown): { prompt?: number; predicted?: number } {
  const v = (json ?? {}) as { tokens_evaluated?: unknown; tokens_predicted?: unknown; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } };
  const prompt = typeof v.tokens_evaluated === "number" ? v.tokens_evaluated : v.usage?.prompt_tokens;
  const predicted = typeof v.tokens_predicted === "number" ? v.tokens_predicted : v.usage?.completion_tokens;
  return { ...(typeof prompt === "number" ? { prompt } : {}), ...(typeof predicted === "number" ? { predicted } : {}) };
}

async function post(url: string, body: Record<string, unknown>, timeoutMs: number): Promise<{ prompt?: number; predicted?: number }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return counts(await response.json());
}

/** Two probe requests: tokens per character from a long prompt, then the cut that lands on the target. */
export async function calibratedInferenceRequest(url: string, path: string, timeoutMs: number): Promise<InferenceRequest> {
  const probe = await post(url, bodyFor(path, text), timeoutMs);
  let prompt = "The quick brown fox jumps over ";
  if (probe.prompt !== undefined && probe.prompt > 0) {
    const chars = Math.max(4, Math.min(text.length, Math.round((promptTokensTarget * text.length) / probe.prompt)));
    prompt = text.slice(0, chars);
  }
  const body = bodyFor(path, prompt);
  const check = await post(url, body, timeoutMs);
  return { url, body, promptTokens: check.prompt, predictedTokens: check.predicted };
}

export function inferenceUrl(stack: StartedStack, profile: StackProfile): { url: string; path: string } {
  const endpoint = profile.endpoints.inference;
  return { url: stack.url(endpoint.service, endpoint.port, endpoint.completionPath), path: endpoint.completionPath };
}
