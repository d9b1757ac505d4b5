export type BreakerState = "closed" | "open" | "half-open";
export type BreakerSource = "health" | "redis";

/** A breaker state as one source reported it at one moment (polled from /health or read from Redis). */
export interface BreakerObservation {
  atMs: number;
  breaker: string;
  source: BreakerSource;
  state: BreakerState;
}

/** A call through the breaker as the client saw it; `rejected` is a fast failure by an open breaker. */
export interface BreakerCall {
  atMs: number;
  breaker: string;
  outcome: "success" | "failure" | "rejected";
}

/**
 * A run of consecutive observations in one state. The true change happened somewhere between the
 * previous segment's last observation and this segment's first one.
 */
export interface BreakerSegment {
  breaker: string;
  source: BreakerSource;
  state: BreakerState;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Last observation of the previous state; undefined for the first segment. */
  previousLastSeenMs: number | undefined;
}

export function toBreakerSegments(observations: readonly BreakerObservation[]): BreakerSegment[] {
  const byStream = new Map<string, BreakerObservation[]>();
  for (const observation of observations) {
    const key = JSON.stringify([observation.breaker, observation.source]);
    const stream = byStream.get(key) ?? [];
    stream.push(observation);
    byStream.set(key, stream);
  }
  const segments: BreakerSegment[] = [];
  for (const stream of byStream.values()) {
    stream.sort((a, b) => a.atMs - b.atMs);
    let current: BreakerSegment | undefined;
    for (const observation of stream) {
      if (current !== undefined && current.state === observation.state) {
        current.lastSeenMs = observation.atMs;
        continue;
      }
      current = {
        breaker: observation.breaker,
        source: observation.source,
        state: observation.state,
        firstSeenMs: observation.atMs,
        lastSeenMs: observation.atMs,
        previousLastSeenMs: current?.lastSeenMs,
      };
      segments.push(current);
    }
  }
  return segments;
}
