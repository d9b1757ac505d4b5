// POST /stream: proxies the inference SSE stream as `data: {"token":...}` frames and ends with an
// `event: done` frame (or `event: error` when the upstream stream breaks after headers were sent).
import type { IncomingMessage, ServerResponse } from "node:http";
import { once } from "node:events";
import type { App } from "./app.ts";
import { isTimeoutError } from "./errors.ts";
import { openStream } from "./inference.ts";
import { errorMessage, log } from "./log.ts";
import { prepareRag, sendDependencyError } from "./request-pipeline.ts";
import { SseParser, formatSse, parseInferenceFrame } from "./sse.ts";

export async function handleStream(app: App, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const rag = await prepareRag(app, req, res, "/stream");
  if (rag === null) return;
  const { request, context, prompt } = rag;

  const { inference } = app.guards;
  const timeoutsOn = inference.enabled;
  const controller = new AbortController();
  app.streams.add(controller);
  const clientGone = () => {
    if (!res.writableFinished) controller.abort(new Error("client disconnected"));
  };
  res.once("close", clientGone);
  try {
    let upstream: Response;
    try {
      upstream = await inference.call(() =>
        openStream(app.config.inferenceUrl, prompt, request.maxTokens, controller, timeoutsOn ? inference.settings.callTimeoutMs : undefined),
      );
    } catch (error) {
      sendDependencyError(res, error);
      return;
    }
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.flushHeaders();
    const outcome = await relay(app, upstream, res, controller, timeoutsOn);
    if (outcome.kind === "done") {
      res.end(
        formatSse(
          {
            sources: context.docs.map((d) => d.id),
            tokens_generated: outcome.tokensPredicted ?? outcome.frames,
            duration_ms: Math.round(performance.now() - started),
            degraded: context.degraded,
          },
          "done",
        ),
      );
      return;
    }
    if (outcome.kind === "client_gone") return;
    inference.recordLateFailure();
    log("warn", "stream_broken", { reason: outcome.reason });
    res.end(formatSse({ error_code: outcome.code, message: outcome.reason }, "error"));
  } finally {
    res.off("close", clientGone);
    app.streams.delete(controller);
  }
}

type Outcome =
  | { kind: "done"; frames: number; tokensPredicted: number | undefined }
  | { kind: "client_gone" }
  | { kind: "broken"; code: "inference_timeout" | "inference_stream_broken"; reason: string };

async function relay(app: App, upstream: Response, res: ServerResponse, controller: AbortController, timeoutsOn: boolean): Promise<Outcome> {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  let frames = 0;
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    if (!timeoutsOn) return;
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(new DOMException("no stream data within the idle timeout", "TimeoutError")), app.config.streamIdleTimeoutMs);
  };
  armIdle();
  try {
    for await (const chunk of upstream.body as unknown as AsyncIterable<Uint8Array>) {
      armIdle();
      for (const event of parser.push(decoder.decode(chunk, { stream: true }))) {
        const frame = parseInferenceFrame(event.data);
        if (frame === null) continue;
        if (frame.content !== "") {
          frames += 1;
          if (!res.write(formatSse({ token: frame.content }))) await once(res, "drain", { signal: controller.signal });
        }
        if (frame.stop) {
          return { kind: "done", frames, tokensPredicted: frame.tokensPredicted };
        }
      }
    }
    return { kind: "broken", code: "inference_stream_broken", reason: "inference stream ended without a stop frame" };
  } catch (error) {
    if (res.destroyed || res.writableEnded) return { kind: "client_gone" };
    const reason = controller.signal.reason ?? error;
    const timedOut = isTimeoutError(reason);
    return { kind: "broken", code: timedOut ? "inference_timeout" : "inference_stream_broken", reason: errorMessage(reason) };
  } finally {
    clearTimeout(idle);
  }
}
