// The target answers a RAG query through its gateway: deterministic model output, sources, auth.
import { expect } from "vitest";
import { readFileSync } from "node:fs";
import { stackTest as test } from "./support/stack-fixture.ts";

test("a query through the gateway returns a deterministic answer with sources", async ({ stack, profile }) => {
  const gw = profile.endpoints.gateway!;
  const url = stack.url(gw.service, gw.port, `${gw.apiPrefix}${profile.endpoints.api.queryPath}`);
  const key = readFileSync(stack.model.secrets[profile.credentials.apiKeySecret]!.file!, "utf8").trim();
  const ask = async () => {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-api-key": key }, body: JSON.stringify({ query: "what is tmpfs memory", max_tokens: 8 }), signal: AbortSignal.timeout(10_000) });
    expect(res.status).toBe(200);
    return (await res.json()) as { response: string; sources: string[]; tokens_generated: number; degraded: boolean };
  };
  const first = await ask();
  const second = await ask();
  expect(first.response.trim().split(/\s+/)).toHaveLength(8);
  expect(first.tokens_generated).toBe(8);
  expect(first.sources.length).toBeGreaterThan(0);
  expect(first.degraded).toBe(false);
  expect(second.response).toBe(first.response);

  const denied = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}", signal: AbortSignal.timeout(5_000) });
  expect(denied.status).toBe(401);
});
