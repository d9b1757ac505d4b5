import type { Doc } from "./documents.ts";

export const MAX_DOC_CHARS_IN_PROMPT = 600;

/** maxDocChars bounds each document's share of the prompt: prompt length drives inference latency. */
export const DEFAULT_INSTRUCTION = "You are a concise assistant. Answer the question using the context when it is relevant.";

export function buildPrompt(query: string, docs: readonly Doc[], maxDocChars = MAX_DOC_CHARS_IN_PROMPT, instruction = DEFAULT_INSTRUCTION): string {
  const lines = instruction ? [instruction, ""] : [];
  if (docs.length > 0) {
    lines.push("Context:");
    for (const doc of docs) {
      const text = doc.text.length > maxDocChars ? `${doc.text.slice(0, maxDocChars)}...` : doc.text;
      lines.push(`[${doc.id}] ${doc.title ? `${doc.title}: ` : ""}${text.replace(/\s+/g, " ").trim()}`);
    }
  }
  if (docs.length > 0) lines.push("");
  lines.push(`Question: ${query}`, "Answer:");
  return lines.join("\n");
}
