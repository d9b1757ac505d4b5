// Profile of the reference stack (stack/compose.yaml).
import { defineProfile } from "../harness/stack/profile.ts";

export default defineProfile({
  name: "reference",
  compose: "compose.yaml",
  roles: { redis: "redis", api: "api", inference: "inference", gateway: "gateway", crawler: "crawler" },
  endpoints: {
    redis: { service: "redis", port: 6379 },
    inference: { service: "inference", port: 8080, healthPath: "/health", completionPath: "/completion" },
    api: { service: "api", port: 8000, healthPath: "/health", queryPath: "/query", streamPath: "/stream" },
    gateway: { service: "gateway", port: 8080, healthPath: "/healthz", apiPrefix: "/api" },
    crawler: { service: "crawler", port: 8001, healthPath: "/health" },
  },
  credentials: { apiKeySecret: "api_key", redisAdminSecret: "redis_password", redisAppUser: "app", redisAppSecret: "redis_app_password" },
  generatedSecrets: ["redis_password", "redis_app_password", "api_key"],
  breakers: {
    layout: { kind: "json-per-breaker", keyPrefix: "circuit_breaker:" },
    list: [
      { name: "inference", guards: "inference", failureThreshold: 3, resetTimeoutMs: 3000, callTimeoutMs: 4000 },
      { name: "redis", guards: "redis", failureThreshold: 3, resetTimeoutMs: 2000, callTimeoutMs: 500 },
    ],
  },
  persistence: { variable: "REDIS_PERSISTENCE", modes: ["none", "rdb", "aof-everysec", "aof-always"], dataPath: "/data" },
  stateless: ["api", "inference", "gateway", "crawler", "redis"],
  capAllowList: [],
  degradesWithout: { api: ["redis"] },
  crawlerMayReach: ["redis"],
});
