import { describe, expect, test } from "vitest";
import { HttpError, toErrorResponse } from "../src/errors.ts";
import { checkPromptTokens, parseJsonBody, validateCompletionRequest, type RequestLimits } from "../src/validation.ts";

const limits: RequestLimits = { maxPromptTokens: 64, maxPredict: 32, defaultPredict: 16, contextSize: 96 };

function rejection(fn: () => unknown): { status: number; error: string; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    const { status, body } = toErrorResponse(err);
    return { status, ...body };
  }
  throw new Error("expected a rejection");
}

describe("request validation", () => {
  test("malformed or empty JSON is a 400 invalid_json", () => {
    expect(rejection(() => parseJsonBody("{bad"))).toMatchObject({ status: 400, error: "invalid_json", message: /not valid JSON/ });
    expect(rejection(() => parseJsonBody(""))).toMatchObject({ status: 400, error: "invalid_json", message: /empty/ });
  });

  test("a llama.cpp request gets defaults: 16 tokens, greedy, no stream", () => {
    expect(validateCompletionRequest({ prompt: "hi" }, "llama", limits)).toMatchObject({
      prompt: "hi",
      nPredict: 16,
      temperature: 0,
      stream: false,
      stop: [],
    });
    expect(validateCompletionRequest({ prompt: "hi", n_predict: -1 }, "llama", limits).nPredict).toBe(32);
    expect(validateCompletionRequest({ prompt: ["hi"], max_tokens: 3, stream: true }, "openai", limits)).toMatchObject({
      nPredict: 3,
      stream: true,
    });
  });

  test.each([
    [[1, 2], /must be a JSON object/],
    [{}, /"prompt" is required/],
    [{ prompt: 42 }, /"prompt" must be a string/],
    [{ prompt: ["a", "b"] }, /exactly one string/],
    [{ prompt: "x", n_predict: 33 }, /"n_predict" \(33\) exceeds the maximum of 32 tokens/],
    [{ prompt: "x", n_predict: -2 }, /"n_predict" must be in/],
    [{ prompt: "x", n_predict: 2.5 }, /"n_predict" must be an integer/],
    [{ prompt: "x", stream: "yes" }, /"stream" must be a boolean/],
    [{ prompt: "x", temperature: 9 }, /"temperature" must be in \[0, 5\]/],
    [{ prompt: "x", stop: ["a", "b", "c", "d", "e"] }, /at most 4 strings/],
  ])("llama body %j -> 400", (body, message) => {
    expect(rejection(() => validateCompletionRequest(body, "llama", limits))).toMatchObject({
      status: 400,
      error: "invalid_request",
      message,
    });
  });

  test("OpenAI requests are checked on max_tokens and n", () => {
    expect(rejection(() => validateCompletionRequest({ prompt: "x", max_tokens: 100 }, "openai", limits)).message).toMatch(
      /"max_tokens" \(100\) exceeds the maximum of 32/,
    );
    expect(rejection(() => validateCompletionRequest({ prompt: "x", n: 2 }, "openai", limits)).message).toMatch(/"n" must be in \[1, 1\]/);
  });

  test("prompt tokens over the maximum, or prompt + n_predict over the context, are 400", () => {
    expect(() => checkPromptTokens(64, 32, limits)).not.toThrow();
    expect(rejection(() => checkPromptTokens(65, 1, limits)).message).toBe("prompt is 65 tokens, more than the maximum of 64");
    expect(rejection(() => checkPromptTokens(60, 40, limits)).message).toMatch(/exceeds the context size of 96/);
  });
});
