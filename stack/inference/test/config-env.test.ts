import { describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

describe("configuration from the environment", () => {
  test("defaults", () => {
    expect(loadConfig({})).toMatchObject({
      port: 8080,
      modelPath: "/models/model.gguf",
      threads: 1,
      slots: 1,
      queueMax: 8,
      unboundedQueue: false,
      contextSize: 1024,
      maxPromptTokens: 512,
      maxPredict: 256,
      requestTimeoutMs: 30_000,
      artificialDelayMs: 0,
    });
  });

  test("UNBOUNDED_QUEUE=1 removes the queue bound (the deliberately broken variant)", () => {
    expect(loadConfig({ UNBOUNDED_QUEUE: "1", QUEUE_MAX: "2" }).queueMax).toBe(Number.POSITIVE_INFINITY);
  });

  test("every bad value is reported at once", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "http", SLOTS: "0", UNBOUNDED_QUEUE: "maybe", MAX_PROMPT_TOKENS: "2000" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join("\n");
    expect(issues).toMatch(/PORT must be an integer/);
    expect(issues).toMatch(/SLOTS must be an integer in \[1, 64\], got "0"/);
    expect(issues).toMatch(/UNBOUNDED_QUEUE must be 0\/1\/true\/false/);
    expect(issues).toMatch(/MAX_PROMPT_TOKENS \(2000\) \+ MAX_PREDICT \(256\) \+ 1 must not exceed CONTEXT_SIZE \(1024\)/);
  });
});
