import type { IncomingMessage, ServerResponse } from "node:http";
import type { App } from "./app.ts";
import { sendJson } from "./http-io.ts";
import { complete } from "./inference.ts";
import { buildPrompt } from "./prompt.ts";
import { authorize, readQuery, retrieveContext, sendDependencyError } from "./request-pipeline.ts";

export async function handleQuery(app: App, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  if (!authorize(app, req, res, "/query")) return;
  const request = await readQuery(app, req, res);
  if (request === null) return;
  // An open inference breaker answers before retrieval: fast-fail must not wait on Redis.
  try {
    app.guards.inference.rejectIfOpen();
  } catch (error) {
    sendDependencyError(res, error);
    return;
  }
  const context = await retrieveContext(app, "/query", request.query, res);
  if (context === null) return;
  const { inference } = app.guards;
  const timeoutMs = inference.enabled ? inference.settings.callTimeoutMs : undefined;
  try {
    const prompt = buildPrompt(request.query, context.docs, app.config.promptDocChars, app.config.promptInstruction);
    const completion = await inference.call(() => complete(app.config.inferenceUrl, prompt, request.maxTokens, timeoutMs));
    sendJson(res, 200, {
      response: completion.content,
      sources: context.docs.map((d) => d.id),
      tokens_generated: completion.tokensPredicted ?? 0,
      duration_ms: Math.round(performance.now() - started),
      degraded: context.degraded,
    });
  } catch (error) {
    sendDependencyError(res, error);
  }
}
