import type { LatencyRecorder } from "./latency-recorder.ts";
import type { LoadResult } from "./load-options.ts";

export function toLoadResult(
  recorder: LatencyRecorder,
  base: Pick<LoadResult, "mode" | "url" | "startedAtMs" | "finishedAtMs" | "stoppedByDeadline" | "maxScheduleLagMs">,
): LoadResult {
  const errors = recorder.errors();
  const elapsedMs = Math.max(1, base.finishedAtMs - base.startedAtMs);
  return {
    ...base,
    completed: recorder.count + errors.total,
    throughputPerSec: (recorder.count * 1000) / elapsedMs,
    latency: recorder.summary(),
    errorLatency: recorder.errorLatencySummary(),
    errors,
    series: recorder.series(),
    recorder,
  };
}

export function requirePositiveInteger(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

export function requireBound(amount: number | undefined, durationMs: number | undefined): void {
  if (amount === undefined && durationMs === undefined) throw new RangeError("load must be bounded: give amount or durationMs");
  if (durationMs !== undefined && !(durationMs > 0)) throw new RangeError(`durationMs must be > 0, got ${durationMs}`);
}
