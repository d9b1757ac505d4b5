// How dependency probes and breaker states combine into the api's health verdict.
import type { BreakerStateName } from "./breaker-policy.ts";

export type DependencyStatus = "up" | "down";
export type HealthStatus = "healthy" | "degraded" | "unavailable";

export interface DependencyView {
  status: DependencyStatus;
  breaker: BreakerStateName | "disabled";
}

export function overallHealth(redis: DependencyView, inference: DependencyView): { status: HealthStatus; httpStatus: 200 | 503 } {
  // Inference is the one dependency without which no answer is possible.
  if (inference.status === "down" || inference.breaker === "open") return { status: "unavailable", httpStatus: 503 };
  const redisImpaired = redis.status === "down" || (redis.breaker !== "closed" && redis.breaker !== "disabled");
  if (redisImpaired || inference.breaker === "half-open") return { status: "degraded", httpStatus: 200 };
  return { status: "healthy", httpStatus: 200 };
}
