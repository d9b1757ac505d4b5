import type { IncomingMessage, ServerResponse } from "node:http";
import type { App } from "./app.ts";
import { sendJson } from "./http-io.ts";
import { complete } from "./inference.ts";
import { prepareRag, sendDependencyError } from "./request-pipeline.ts";

export async function handleQuery(app: App, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const rag = await prepareRag(app, req, res, "/query");
  if (rag === null) return;
  const { request, context, prompt } = rag;
  const { inference } = app.guards;
  const timeoutMs = inference.enabled ? inference.settings.callTimeoutMs : undefined;
  try {
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
