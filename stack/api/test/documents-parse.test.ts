import { describe, expect, it } from "vitest";
import { docFromHash, docFromString } from "../src/documents.ts";
import { buildPrompt, MAX_DOC_CHARS_IN_PROMPT } from "../src/prompt.ts";

describe("documents from Redis", () => {
  it("reads a crawler hash", () => {
    expect(docFromHash("0001", { id: "0001", title: "T", text: "body", source: "corpus" })).toEqual({ id: "0001", title: "T", text: "body" });
  });

  it("accepts content or body as the text field and rejects a hash without text", () => {
    expect(docFromHash("x", { content: "c" })).toEqual({ id: "x", title: "", text: "c" });
    expect(docFromHash("x", { title: "only" })).toBeNull();
  });

  it("reads a string doc as JSON when it is an object, else as text", () => {
    expect(docFromString("x", '{"title":"T","text":"j"}')).toEqual({ id: "x", title: "T", text: "j" });
    expect(docFromString("x", "{not json")).toEqual({ id: "x", title: "", text: "{not json" });
    expect(docFromString("x", "plain")).toEqual({ id: "x", title: "", text: "plain" });
    expect(docFromString("x", null)).toBeNull();
  });
});

describe("buildPrompt", () => {
  it("lists each doc with its id, then the question", () => {
    const prompt = buildPrompt("why tmpfs?", [{ id: "0002", title: "Tmpfs", text: "RAM  backed\nstorage" }]);
    expect(prompt).toContain("[0002] Tmpfs: RAM backed storage");
    expect(prompt.endsWith("Question: why tmpfs?\nAnswer:")).toBe(true);
  });

  it("has no context section without docs (the degraded path)", () => {
    expect(buildPrompt("q", [])).not.toContain("Context:");
  });

  it("truncates long docs", () => {
    const prompt = buildPrompt("q", [{ id: "1", title: "", text: "a".repeat(MAX_DOC_CHARS_IN_PROMPT + 50) }]);
    expect(prompt).toContain(`${"a".repeat(MAX_DOC_CHARS_IN_PROMPT)}...`);
    expect(prompt).not.toContain("a".repeat(MAX_DOC_CHARS_IN_PROMPT + 1));
  });
});
