import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    requests: new Counter({
      name: "api_http_requests_total",
      help: "HTTP requests by route, method and status code",
      labelNames: ["route", "method", "status"] as const,
      registers,
    }),
    duration: new Histogram({
      name: "api_http_request_duration_seconds",
      help: "HTTP request duration (for /stream: until the last frame)",
      labelNames: ["route"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30],
      registers,
    }),
    breakerState: new Gauge({
      name: "api_breaker_state",
      help: "Circuit breaker state: 0=closed 1=half-open 2=open",
      labelNames: ["breaker"] as const,
      registers,
    }),
    breakerFastFails: new Counter({
      name: "api_breaker_fast_fail_total",
      help: "Calls rejected by an open breaker without calling the dependency",
      labelNames: ["breaker"] as const,
      registers,
    }),
    breakerTransitions: new Counter({
      name: "api_breaker_transitions_total",
      help: "Breaker state transitions by target state",
      labelNames: ["breaker", "to"] as const,
      registers,
    }),
    breakerMirrorWrites: new Counter({
      name: "api_breaker_mirror_writes_total",
      help: "Writes of breaker state to Redis (circuit_breaker:<name>) by outcome",
      labelNames: ["breaker", "outcome"] as const,
      registers,
    }),
    dependencyCalls: new Counter({
      name: "api_dependency_calls_total",
      help: "Calls that reached a dependency, by outcome (success|failure|timeout)",
      labelNames: ["dependency", "outcome"] as const,
      registers,
    }),
    healthProbes: new Counter({
      name: "api_health_probes_total",
      help: "Dependency probes made by GET /health (not counted as dependency calls)",
      labelNames: ["dependency", "outcome"] as const,
      registers,
    }),
    authFailures: new Counter({
      name: "api_auth_failures_total",
      help: "Rejected API keys by reason (missing|invalid)",
      labelNames: ["reason"] as const,
      registers,
    }),
    auditWriteFailures: new Counter({
      name: "api_audit_write_failures_total",
      help: "audit:auth stream entries that could not be written",
      registers,
    }),
    degradedResponses: new Counter({
      name: "api_degraded_responses_total",
      help: "Answers given without retrieval because Redis was unusable",
      labelNames: ["route"] as const,
      registers,
    }),
  };
}
