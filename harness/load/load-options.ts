import type { LatencyRecorder, LatencySummary, LatencyWindow } from "./latency-recorder.ts";
import type { LoadTarget } from "./load-target.ts";
import type { ErrorCounts } from "./request-error.ts";

/**
 * Closed loop: `connections` clients each wait for a response before sending the next request
 * (simple, but it hides queueing: coordinated omission).
 */
export interface ClosedLoopMode {
  kind: "closed";
  connections: number;
  /** Takes precedence over durationMs when both are given. */
  amount?: number;
  /** Rounded up to whole seconds: autocannon notices its end on a 1 s tick. */
  durationMs?: number;
}

/**
 * Open loop: requests are scheduled at a fixed rate whatever the server does, and latency is measured
 * from each request's scheduled send time, so queueing shows up in the numbers.
 */
export interface OpenLoopMode {
  kind: "open";
  ratePerSec: number;
  /** With durationMs too, whichever sends fewer requests wins. */
  amount?: number;
  durationMs?: number;
  /** Sockets to the target; requests beyond them wait in the client (and that wait is counted). */
  connections?: number;
  /** Past this many requests in flight, new ones are shed and counted as `dropped` errors. */
  maxInFlight?: number;
}

export interface LoadOptions {
  target: LoadTarget;
  mode: ClosedLoopMode | OpenLoopMode;
  /** Per-request client timeout, from when the request is handed to the HTTP client. */
  timeoutMs: number;
  windowMs?: number;
  /** Which statuses are successes; the rest are counted as errors (default: 2xx and 3xx). */
  isSuccessStatus?: (status: number) => boolean;
  /** Hard stop for a run bounded by amount only (default: 60 s). */
  maxDurationMs?: number;
}

export interface LoadResult {
  mode: "closed" | "open";
  url: string;
  startedAtMs: number;
  finishedAtMs: number;
  /** Requests that got a response or an error (successes + errors). */
  completed: number;
  /** Successful responses per second over the whole run, drain included. */
  throughputPerSec: number;
  latency: LatencySummary;
  errorLatency: LatencySummary;
  errors: ErrorCounts;
  series: LatencyWindow[];
  recorder: LatencyRecorder;
  /** Open loop: how far behind its schedule the generator itself fell (a bottleneck signal). */
  maxScheduleLagMs?: number;
  /** True when the run was cut by maxDurationMs rather than finishing its amount or duration. */
  stoppedByDeadline: boolean;
}
