import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { SlotPoolStats } from "./slots.ts";

export interface MetricsSources {
  readonly slotStats: () => SlotPoolStats | undefined;
  readonly modelLoaded: () => boolean;
}

export interface Metrics {
  readonly registry: Registry;
  readonly requests: Counter<"route" | "method" | "status">;
  readonly requestDuration: Histogram<"route" | "status">;
  readonly tokensGenerated: Counter;
  readonly tokensEvaluated: Counter;
  readonly rejected: Counter<"reason">;
  readonly timeouts: Counter<"stage">;
  readonly queueWait: Histogram;
}

/** An own Registry per server instance, so tests can run several servers in one process. */
export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  new Gauge({
    name: "inference_model_loaded",
    help: "1 once the model is loaded and requests are served",
    registers,
    collect() {
      this.set(sources.modelLoaded() ? 1 : 0);
    },
  });
  new Gauge({
    name: "inference_slots_total",
    help: "Parallel generation slots",
    registers,
    collect() {
      this.set(sources.slotStats()?.size ?? 0);
    },
  });
  new Gauge({
    name: "inference_slots_busy",
    help: "Slots currently generating",
    registers,
    collect() {
      this.set(sources.slotStats()?.busy ?? 0);
    },
  });
  new Gauge({
    name: "inference_queue_depth",
    help: "Requests waiting for a slot",
    registers,
    collect() {
      this.set(sources.slotStats()?.queued ?? 0);
    },
  });
  const metrics: Metrics = {
    registry,
    requests: new Counter({
      name: "inference_http_requests_total",
      help: "HTTP requests by route, method and status",
      labelNames: ["route", "method", "status"] as const,
      registers,
    }),
    requestDuration: new Histogram({
      name: "inference_http_request_duration_seconds",
      help: "HTTP request duration, queueing included",
      labelNames: ["route", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10, 30],
      registers,
    }),
    tokensGenerated: new Counter({ name: "inference_tokens_generated_total", help: "Tokens generated", registers }),
    tokensEvaluated: new Counter({ name: "inference_prompt_tokens_total", help: "Prompt tokens evaluated", registers }),
    rejected: new Counter({
      name: "inference_requests_rejected_total",
      help: "Requests rejected because every slot was busy and the queue was full",
      labelNames: ["reason"] as const,
      registers,
    }),
    timeouts: new Counter({
      name: "inference_request_timeouts_total",
      help: "Requests that hit REQUEST_TIMEOUT_MS, by where they were (body, queue, generation)",
      labelNames: ["stage"] as const,
      registers,
    }),
    queueWait: new Histogram({
      name: "inference_queue_wait_seconds",
      help: "Time spent waiting for a slot",
      buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    }),
  };
  // Zero-valued series exist from the start, so "no rejections" is a 0 to assert on, not a missing series.
  metrics.rejected.inc({ reason: "overloaded" }, 0);
  for (const stage of ["body", "queue", "generation"]) metrics.timeouts.inc({ stage }, 0);
  return metrics;
}
