import autocannon from "autocannon";
import { LatencyRecorder } from "./latency-recorder.ts";
import type { ClosedLoopMode, LoadOptions, LoadResult } from "./load-options.ts";
import { requireBound, requirePositiveInteger, toLoadResult } from "./load-result.ts";
import { prepareRequest } from "./load-target.ts";
import { classifyTransportError, defaultIsSuccessStatus } from "./request-error.ts";

const defaultMaxDurationMs = 60_000;

/** Closed-loop load with autocannon; every response is recorded through its 'response' event. */
export async function runClosedLoop(options: LoadOptions & { mode: ClosedLoopMode }): Promise<LoadResult> {
  const { mode } = options;
  requirePositiveInteger("connections", mode.connections);
  requirePositiveInteger("amount", mode.amount);
  requireBound(mode.amount, mode.durationMs);
  if (mode.amount !== undefined && mode.amount < mode.connections) {
    throw new RangeError(`amount (${mode.amount}) must be >= connections (${mode.connections})`);
  }
  if (options.timeoutMs < 1_000) {
    throw new RangeError(`closed-loop timeoutMs must be >= 1000 (autocannon's minimum), got ${options.timeoutMs}; use open-loop mode for shorter timeouts`);
  }
  const request = prepareRequest(options.target);
  // autocannon sets its own Content-Length from the body; a second one makes servers reject the request
  const { "content-length": _ignored, ...headers } = request.headers;
  const isSuccess = options.isSuccessStatus ?? defaultIsSuccessStatus;
  const startedAtMs = Date.now();
  const recorder = new LatencyRecorder({ windowMs: options.windowMs ?? 500, originMs: startedAtMs });
  // autocannon checks for its end on a 1 s tick, so a duration is in effect rounded up to whole seconds
  const durationSec = Math.ceil((mode.durationMs ?? 0) / 1000);
  const deadlineMs = Math.min(
    options.maxDurationMs ?? defaultMaxDurationMs,
    mode.amount === undefined && mode.durationMs !== undefined ? durationSec * 1000 + options.timeoutMs + 2_000 : Infinity,
  );
  let stoppedByDeadline = false;
  // autocannon only notices the end on its 1 s tick; throughput is over the time responses arrived
  let lastEventAtMs = startedAtMs;

  await new Promise<void>((resolve, reject) => {
    let deadline: NodeJS.Timeout | undefined;
    const instance = autocannon(
      {
        url: request.url.href,
        method: request.method as autocannon.Request["method"],
        headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        connections: mode.connections,
        pipelining: 1,
        timeout: options.timeoutMs / 1000,
        ...(mode.amount === undefined ? { duration: durationSec } : { amount: mode.amount }),
        skipAggregateResult: true,
      },
      (error) => {
        clearTimeout(deadline);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve();
      },
    );
    deadline = setTimeout(() => {
      stoppedByDeadline = true;
      instance.stop();
    }, deadlineMs);
    instance.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
      lastEventAtMs = Date.now();
      const sentAtMs = lastEventAtMs - responseTimeMs;
      if (isSuccess(statusCode)) recorder.recordSuccess(responseTimeMs * 1000, sentAtMs);
      else recorder.recordError({ kind: "status", status: statusCode }, sentAtMs, responseTimeMs * 1000);
    });
    instance.on("reqError", (error) => {
      lastEventAtMs = Date.now();
      recorder.recordError(classifyTransportError(error), lastEventAtMs);
    });
  });

  return toLoadResult(recorder, { mode: "closed", url: request.url.href, startedAtMs, finishedAtMs: lastEventAtMs, stoppedByDeadline });
}
