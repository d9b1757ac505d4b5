import type { Redis } from "ioredis";
import type { BreakerMirror } from "./breaker-mirror.ts";
import type { Guard } from "./breakers.ts";
import type { ApiConfig } from "./config.ts";
import type { Metrics } from "./metrics.ts";

/** Everything a request handler needs; built once in main.ts. */
export interface App {
  config: ApiConfig;
  redis: Redis;
  guards: { redis: Guard; inference: Guard };
  mirror: BreakerMirror | undefined;
  metrics: Metrics;
  apiKey: string;
  startedAt: number;
  /** Open SSE responses, aborted on shutdown so close() does not wait for them. */
  streams: Set<AbortController>;
}
