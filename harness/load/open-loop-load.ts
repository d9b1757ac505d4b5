import { Agent, request as httpRequest } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { LatencyRecorder } from "./latency-recorder.ts";
import type { LoadOptions, LoadResult, OpenLoopMode } from "./load-options.ts";
import { requireBound, requirePositiveInteger, toLoadResult } from "./load-result.ts";
import { prepareRequest, type PreparedRequest } from "./load-target.ts";
import { classifyTransportError, defaultIsSuccessStatus, RequestTimeoutError, type RequestError } from "./request-error.ts";

const defaultMaxDurationMs = 60_000;

type Outcome = { status: number } | { error: RequestError };

function send(request: PreparedRequest, agent: Agent, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = httpRequest(request.url, { method: request.method, headers: request.headers, agent }, (res) => {
      res.on("error", (error) => settle({ error: classifyTransportError(error) }));
      res.on("end", () => settle({ status: res.statusCode ?? 0 }));
      res.resume();
    });
    const timer = setTimeout(() => req.destroy(new RequestTimeoutError(request.url.href, timeoutMs)), timeoutMs);
    let settled = false;
    function settle(outcome: Outcome): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    }
    req.on("error", (error) => settle({ error: classifyTransportError(error) }));
    req.end(request.body);
  });
}

/**
 * Fixed-rate load on node:http. Request i is due at start + i / rate; its latency runs from that
 * due time, not from when it actually went out, which corrects for coordinated omission: a stalled
 * server or a late generator both show up as latency instead of as requests never sent.
 */
export async function runOpenLoop(options: LoadOptions & { mode: OpenLoopMode }): Promise<LoadResult> {
  const { mode } = options;
  if (!(mode.ratePerSec > 0) || !Number.isFinite(mode.ratePerSec)) throw new RangeError(`ratePerSec must be > 0, got ${mode.ratePerSec}`);
  requirePositiveInteger("amount", mode.amount);
  requirePositiveInteger("connections", mode.connections);
  requirePositiveInteger("maxInFlight", mode.maxInFlight);
  requireBound(mode.amount, mode.durationMs);
  const total = Math.min(mode.amount ?? Infinity, Math.floor(((mode.durationMs ?? Infinity) * mode.ratePerSec) / 1000));
  const intervalMs = 1000 / mode.ratePerSec;
  const maxInFlight = mode.maxInFlight ?? 10_000;
  const request = prepareRequest(options.target);
  const isSuccess = options.isSuccessStatus ?? defaultIsSuccessStatus;
  const agent = new Agent({ keepAlive: true, maxSockets: mode.connections ?? 64 });
  const inFlight = new Set<Promise<void>>();
  const startedAtMs = Date.now();
  const recorder = new LatencyRecorder({ windowMs: options.windowMs ?? 500, originMs: startedAtMs });
  const startedAt = performance.now();
  const stopAt = startedAt + (options.maxDurationMs ?? defaultMaxDurationMs);
  let maxScheduleLagMs = 0;
  let lastEventAt = startedAt;
  let next = 0;

  const dispatch = (index: number): void => {
    const dueAt = startedAt + index * intervalMs;
    const dueAtMs = startedAtMs + index * intervalMs;
    maxScheduleLagMs = Math.max(maxScheduleLagMs, performance.now() - dueAt);
    if (inFlight.size >= maxInFlight) {
      recorder.recordError({ kind: "dropped" }, dueAtMs);
      return;
    }
    const pending = send(request, agent, options.timeoutMs).then((outcome) => {
      lastEventAt = performance.now();
      const latencyUs = (lastEventAt - dueAt) * 1000;
      if ("error" in outcome) recorder.recordError(outcome.error, dueAtMs);
      else if (isSuccess(outcome.status)) recorder.recordSuccess(latencyUs, dueAtMs);
      else recorder.recordError({ kind: "status", status: outcome.status }, dueAtMs, latencyUs);
      inFlight.delete(pending);
    });
    inFlight.add(pending);
  };

  try {
    while (next < total && performance.now() < stopAt) {
      const now = performance.now();
      while (next < total && startedAt + next * intervalMs <= now) dispatch(next++);
      if (next < total) await sleep(Math.max(0, startedAt + next * intervalMs - performance.now()));
    }
    // in-flight requests end by themselves within timeoutMs
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  return toLoadResult(recorder, {
    mode: "open",
    url: request.url.href,
    startedAtMs,
    finishedAtMs: startedAtMs + (lastEventAt - startedAt),
    maxScheduleLagMs,
    stoppedByDeadline: next < total,
  });
}
