import { describe, expect, test } from "vitest";
import { SSE_DONE, sseFrame } from "../src/sse.ts";
import { llamaCompletionBody, llamaStreamChunk, openAiStreamChunk } from "../src/responses.ts";

describe("server-sent event framing", () => {
  test("one `data: <json>` line per event, terminated by a blank line, even for newlines in content", () => {
    const frame = sseFrame(llamaStreamChunk("a\n\nb", 0));
    expect(frame).toBe('data: {"content":"a\\n\\nb","stop":false,"id_slot":0}\n\n');
    expect(frame.slice(0, -2)).not.toContain("\n");
    expect(JSON.parse(frame.slice("data: ".length))).toEqual({ content: "a\n\nb", stop: false, id_slot: 0 });
  });

  test("the llama final event carries stop:true and the counts; OpenAI ends with [DONE]", () => {
    const final = llamaCompletionBody(
      {
        id: "x",
        created: 0,
        model: "m",
        slotId: 0,
        promptTokens: 32,
        result: { text: " a b", tokensPredicted: 2, promptMs: 10, predictedMs: 5, stopType: "limit" },
      },
      "",
    );
    expect(final).toMatchObject({ content: "", stop: true, stop_type: "limit", tokens_predicted: 2, tokens_evaluated: 32 });
    expect(final.timings).toMatchObject({ prompt_ms: 10, predicted_ms: 5 });
    expect(openAiStreamChunk({ id: "i", created: 1, model: "m" }, " a", null).choices[0]).toEqual({
      text: " a",
      index: 0,
      logprobs: null,
      finish_reason: null,
    });
    expect(SSE_DONE).toBe("data: [DONE]\n\n");
  });
});
