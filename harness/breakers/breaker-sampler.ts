// Samples the breaker states an api publishes and the ones stored in Redis side by side, as the
// observations checkBreakerTimeline takes. Each source has its own loop, so a slow health endpoint
// (its dependency probes time out while a dependency hangs) does not thin out the Redis samples.
import type { BreakerObservation, BreakerSource, BreakerState } from "../checkers/breaker-timeline.ts";
import type { StoredBreakersSnapshot } from "./breaker-store-reader.ts";
import type { PublishedBreakers } from "./health-breakers.ts";

export interface BreakerSamplerOptions {
  breakers: readonly string[];
  readHealth: () => Promise<PublishedBreakers>;
  readStore: () => Promise<StoredBreakersSnapshot>;
  /** Pause between two reads of one source. */
  intervalMs: number;
  /** The loops stop by themselves after this long even if nobody calls stop(). */
  maxDurationMs: number;
  /**
   * The state a breaker is in while the store has no record of it yet, for stacks that write only on
   * transitions (the reference api); a record that vanishes after a write is never read as this.
   */
  stateBeforeFirstRecord?: BreakerState;
}

export interface SampleError {
  atMs: number;
  source: BreakerSource;
  message: string;
}

export interface BreakerSamples {
  observations: BreakerObservation[];
  health: PublishedBreakers[];
  store: StoredBreakersSnapshot[];
  errors: SampleError[];
  /** Store reads in which a breaker had no record, by breaker. */
  absent: Record<string, number>;
  malformed: string[];
}

export interface BreakerSampler {
  /** Observations so far (a live view). */
  readonly samples: BreakerSamples;
  stop(): Promise<BreakerSamples>;
}

export function startBreakerSampler(options: BreakerSamplerOptions): BreakerSampler {
  const samples: BreakerSamples = { observations: [], health: [], store: [], errors: [], absent: {}, malformed: [] };
  const wanted = new Set(options.breakers);
  const controller = new AbortController();
  const deadline = Date.now() + options.maxDurationMs;
  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.intervalMs);
      controller.signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
    });
  const loop = async (source: BreakerSource, sample: () => Promise<void>) => {
    while (!controller.signal.aborted && Date.now() < deadline) {
      try {
        await sample();
      } catch (error) {
        samples.errors.push({ atMs: Date.now(), source, message: (error as Error).message });
      }
      await pause();
    }
  };
  const health = loop("health", async () => {
    const read = await options.readHealth();
    samples.health.push(read);
    for (const [breaker, view] of Object.entries(read.breakers)) {
      if (wanted.has(breaker)) samples.observations.push({ atMs: read.atMs, breaker, source: "health", state: view.state });
    }
  });
  const recorded = new Set<string>();
  const store = loop("redis", async () => {
    const read = await options.readStore();
    samples.store.push(read);
    for (const entry of read.reads) {
      if (entry.kind === "state") {
        recorded.add(entry.value.breaker);
        samples.observations.push({ atMs: read.atMs, breaker: entry.value.breaker, source: "redis", state: entry.value.state });
      } else if (entry.kind === "absent") {
        samples.absent[entry.breaker] = (samples.absent[entry.breaker] ?? 0) + 1;
        if (options.stateBeforeFirstRecord !== undefined && !recorded.has(entry.breaker)) {
          samples.observations.push({ atMs: read.atMs, breaker: entry.breaker, source: "redis", state: options.stateBeforeFirstRecord });
        }
      } else samples.malformed.push(`${entry.breaker}: ${entry.reason}`);
    }
  });
  const done = Promise.all([health, store]);
  return {
    samples,
    async stop() {
      controller.abort();
      await done;
      samples.observations.sort((a, b) => a.atMs - b.atMs);
      return samples;
    },
  };
}
