import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp, type App } from "../src/app.ts";
import { loadConfig, type Env } from "../src/config.ts";
import { loadEngine, type Engine } from "../src/engine.ts";
import { generateModel } from "../src/gguf/generate.ts";
import type { ModelParams } from "../src/gguf/plan.ts";
import { expectedCompletion } from "../src/gguf/predictable.ts";
import type { LogRecord } from "../src/log.ts";

const dir = mkdtempSync(join(tmpdir(), "inference-http-"));
const params: ModelParams = { sizeMb: 1, seed: 21, mode: "predictable" };
const modelPath = join(dir, "model.gguf");
const baseEnv: Env = { PORT: "0", HOST: "127.0.0.1", MODEL_PATH: modelPath, CONTEXT_SIZE: "256", MAX_PROMPT_TOKENS: "64", MAX_PREDICT: "32", MAX_BODY_BYTES: "2048" };
let engine: Engine;

interface Running {
  readonly app: App;
  readonly url: string;
  readonly logs: LogRecord[];
}

async function start(env: Env = {}): Promise<Running> {
  const logs: LogRecord[] = [];
  const app = createApp(loadConfig({ ...baseEnv, ...env }), (r) => logs.push(r));
  app.attachEngine(engine);
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, logs };
}

async function withServer(env: Env, fn: (s: Running) => Promise<void>): Promise<void> {
  const s = await start(env);
  try {
    await fn(s);
  } finally {
    await s.app.shutdown();
  }
}

const post = (url: string, body: unknown): Promise<Response> =>
  fetch(url, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });

beforeAll(async () => {
  generateModel(params, modelPath);
  engine = await loadEngine({ modelPath, threads: 1, slots: 1, contextSize: 4096 }, () => {});
}, 30_000);

afterAll(async () => {
  await engine?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe("inference HTTP server", () => {
  test("health is 503 loading until the engine is attached", async () => {
    const app = createApp(loadConfig(baseEnv), () => {});
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      const loading = await fetch(`${url}/health`);
      expect([loading.status, await loading.json()]).toEqual([503, { status: "loading" }]);
      expect((await post(`${url}/completion`, { prompt: "x" })).status).toBe(503);
      app.attachEngine(engine);
      const ok = await fetch(`${url}/health`);
      expect([ok.status, await ok.json()]).toEqual([200, { status: "ok" }]);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/inference_requests_rejected_total\{reason="overloaded"\} 0/);
      expect(metrics).toMatch(/inference_model_loaded 1/);
    } finally {
      await app.shutdown();
    }
  });

  test("/completion returns the predictable content with llama.cpp's fields, and logs one JSON line", async () => {
    await withServer({}, async ({ url, logs }) => {
      const res = await post(`${url}/completion`, { prompt: "Hello world", n_predict: 8 });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        content: expectedCompletion(params, "Hello world", 8).text,
        tokens_predicted: 8,
        tokens_evaluated: 12,
        stop: true,
      });
      expect(body["timings"]).toMatchObject({ prompt_ms: expect.any(Number), predicted_ms: expect.any(Number) });
      await expect.poll(() => logs.filter((l) => l.msg === "request")).toHaveLength(1);
      expect(logs.find((l) => l.msg === "request")).toMatchObject({ route: "completion", status: 200, promptTokens: 12, predictedTokens: 8 });
    });
  });

  test("stream:true sends one SSE frame per token and a final stop:true frame", async () => {
    await withServer({}, async ({ url }) => {
      const res = await post(`${url}/completion`, { prompt: "abc", n_predict: 5, stream: true });
      expect(res.headers.get("content-type")).toBe("text/event-stream");
      const raw = await res.text();
      expect(raw.endsWith("\n\n")).toBe(true);
      const frames = raw.slice(0, -2).split("\n\n");
      expect(frames.every((f) => f.startsWith("data: ") && !f.includes("\n"))).toBe(true);
      const events = frames.map((f) => JSON.parse(f.slice(6)) as { content: string; stop: boolean; tokens_predicted?: number });
      expect(events).toHaveLength(6);
      expect(events.slice(0, -1).every((e) => !e.stop)).toBe(true);
      expect(events.at(-1)).toMatchObject({ stop: true, content: "", tokens_predicted: 5 });
      expect(events.map((e) => e.content).join("")).toBe(expectedCompletion(params, "abc", 5).text);
    });
  });

  test("/v1/completions is OpenAI-shaped, streaming ends with [DONE]", async () => {
    await withServer({}, async ({ url }) => {
      const body = (await (await post(`${url}/v1/completions`, { model: "m", prompt: "hi", max_tokens: 4 })).json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        object: "text_completion",
        model: "m",
        choices: [{ text: expectedCompletion(params, "hi", 4).text, index: 0, finish_reason: "length" }],
        usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
      });
      expect(body["id"]).toMatch(/^cmpl-/);
      const raw = await (await post(`${url}/v1/completions`, { prompt: "hi", max_tokens: 2, stream: true })).text();
      expect(raw.endsWith("data: [DONE]\n\n")).toBe(true);
    });
  });

  test("a stop string ends the content just before it", async () => {
    await withServer({}, async ({ url }) => {
      const full = expectedCompletion(params, "a b c", 20).text;
      const stop = full.split(" ")[3]!.slice(0, 3);
      const body = (await (await post(`${url}/completion`, { prompt: "a b c", n_predict: 20, stop: [stop] })).json()) as Record<string, unknown>;
      expect(body).toMatchObject({ content: full.slice(0, full.indexOf(stop)), stop_type: "word" });
    });
  });

  test("bad requests get 4xx with a clear message", async () => {
    await withServer({}, async ({ url }) => {
      const cases: [unknown, number, RegExp][] = [
        ["{nope", 400, /not valid JSON/],
        [{ prompt: "x", n_predict: 33 }, 400, /exceeds the maximum of 32/],
        [{ prompt: "y".repeat(80) }, 400, /prompt is 81 tokens, more than the maximum of 64/],
        ["x".repeat(3000), 413, /exceeds 2048 bytes/],
      ];
      for (const [body, status, message] of cases) {
        const res = await post(`${url}/completion`, body);
        expect(res.status).toBe(status);
        expect(((await res.json()) as { message: string }).message).toMatch(message);
      }
      expect((await fetch(`${url}/nope`)).status).toBe(404);
      expect((await fetch(`${url}/completion`)).status).toBe(405);
    });
  });

  test("overflow beyond slots + queue is 503 with Retry-After and counted in /metrics", async () => {
    await withServer({ QUEUE_MAX: "1", ARTIFICIAL_DELAY_MS: "500" }, async ({ url }) => {
      const responses = await Promise.all([1, 2, 3].map(() => post(`${url}/completion`, { prompt: "x", n_predict: 1 })));
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 503]);
      const rejected = responses.find((r) => r.status === 503)!;
      expect(Number(rejected.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(await rejected.json()).toMatchObject({ error: "overloaded" });
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/inference_requests_rejected_total\{reason="overloaded"\} 1/);
      expect(metrics).toMatch(/inference_http_requests_total\{route="completion",method="POST",status="503"\} 1/);
      expect(metrics).toMatch(/inference_tokens_generated_total 2/);
      expect(metrics).toMatch(/inference_queue_depth 0/);
      expect(metrics).toMatch(/inference_slots_busy 0/);
      expect(metrics).toMatch(/process_cpu_user_seconds_total/);
      expect(metrics).toMatch(/inference_http_request_duration_seconds_bucket/);
    });
  });

  test("the per-request deadline aborts with 504", async () => {
    await withServer({ REQUEST_TIMEOUT_MS: "150", ARTIFICIAL_DELAY_MS: "5000" }, async ({ url }) => {
      const started = performance.now();
      const res = await post(`${url}/completion`, { prompt: "x" });
      expect(res.status).toBe(504);
      expect(await res.json()).toMatchObject({ error: "timeout" });
      expect(performance.now() - started).toBeLessThan(2000);
    });
  });

  test("a client that goes away frees its slot", async () => {
    await withServer({ ARTIFICIAL_DELAY_MS: "400" }, async ({ url, app, logs }) => {
      const ctrl = new AbortController();
      const gone = fetch(`${url}/completion`, { method: "POST", body: JSON.stringify({ prompt: "x" }), signal: ctrl.signal });
      await expect.poll(() => app.metrics.registry.getSingleMetricAsString("inference_slots_busy")).toMatch(/busy 1/);
      ctrl.abort();
      await expect(gone).rejects.toThrow();
      await expect.poll(() => app.metrics.registry.getSingleMetricAsString("inference_slots_busy")).toMatch(/busy 0/);
      expect(logs.find((l) => l.msg === "request" && l.route === "completion")).toMatchObject({ status: 499 });
    });
  });

  test("the deadline also cuts a running generation: 504, or a final timeout event when streaming", async () => {
    await withServer({ REQUEST_TIMEOUT_MS: "150", CONTEXT_SIZE: "4096", MAX_PREDICT: "4000" }, async ({ url, app }) => {
      const plain = await post(`${url}/completion`, { prompt: "x", n_predict: 4000 });
      expect(plain.status).toBe(504);
      const raw = await (await post(`${url}/completion`, { prompt: "x", n_predict: 4000, stream: true })).text();
      const last = JSON.parse(raw.trim().split("\n\n").at(-1)!.slice(6)) as Record<string, unknown>;
      expect(last).toMatchObject({ stop: true, stop_type: "timeout", error: "timeout" });
      expect(await app.metrics.registry.getSingleMetricAsString("inference_request_timeouts_total")).toMatch(
        /stage="generation"\} 2/,
      );
    });
  });

  test("shutdown lets an in-flight request finish and then refuses new ones", async () => {
    const { app, url } = await start({ ARTIFICIAL_DELAY_MS: "200" });
    const inflight = post(`${url}/completion`, { prompt: "x", n_predict: 2 });
    await expect.poll(() => app.metrics.registry.getSingleMetricAsString("inference_slots_busy")).toMatch(/inference_slots_busy 1/);
    const stopped = app.shutdown();
    expect(app.state()).toBe("draining");
    expect((await inflight).status).toBe(200);
    await stopped;
    expect(app.server.listening).toBe(false);
  });
});
