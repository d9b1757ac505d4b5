// The negative controls of the reference stack: each broken variant and the check that must catch it.
// Overrides use the reference stack's service names; a user's stack brings its own catalogue.
import type { NegativeControl } from "./control-types.ts";
import { lintRule } from "./lint-detector.ts";
import {
  acknowledgedWritesLost,
  api500WithoutRedis,
  breakerDoesNotOpen,
  crawlerDiesOnRedisLoss,
  inferenceQueueUnbounded,
  latencyOverSlo,
  queryHangsOnFrozenDependency,
  redisAcceptsAnonymous,
} from "./runtime-detectors.ts";

const redisOnVolume = {
  services: { redis: { tmpfs: ["/var/lib/redis-acl:size=1m,mode=1777"], volumes: ["redis-data:/data:U"] } },
  volumes: { "redis-data": {} },
};

export const referenceControls: NegativeControl[] = [
  {
    id: "tmpfs-volume-same-path",
    description: "redis has a tmpfs and a volume on /data",
    catcher: "lint mount-overlap",
    kind: "static",
    broken: { override: { services: { redis: { volumes: ["redis-data:/data:U"] } }, volumes: { "redis-data": {} } } },
    detect: lintRule("mount-overlap"),
  },
  {
    id: "tmpfs-mode-0755-non-root",
    description: "the crawler's cache tmpfs has mode 0755 while the crawler runs as 10001",
    catcher: "lint tmpfs-mode-not-writable",
    kind: "static",
    broken: { override: { services: { crawler: { tmpfs: ["/var/cache/crawler:size=32m,mode=0755", "/var/log/crawler:size=8m,mode=1777"] } } } },
    detect: lintRule("tmpfs-mode-not-writable"),
  },
  {
    id: "redis-uid-not-aligned",
    description: "redis data on a named volume without :U, written by UID 10001",
    catcher: "lint volume-uid-mismatch",
    kind: "static",
    broken: { override: { services: { redis: { tmpfs: ["/var/lib/redis-acl:size=1m,mode=1777"], volumes: ["redis-data:/data"] } }, volumes: { "redis-data": {} } } },
    healthy: { override: redisOnVolume },
    detect: lintRule("volume-uid-mismatch"),
  },
  {
    id: "redis-port-published",
    description: "redis publishes 6379 to the host",
    catcher: "lint datastore-port-published",
    kind: "static",
    broken: { override: { services: { redis: { ports: ["6379"], networks: ["backend", "crawl", "front"] } } } },
    detect: lintRule("datastore-port-published"),
  },
  {
    id: "api-privileged",
    description: "the api runs privileged",
    catcher: "lint privileged",
    kind: "static",
    broken: { override: { services: { api: { privileged: true } } } },
    detect: lintRule("privileged"),
  },
  {
    id: "redis-without-password",
    description: "redis starts without its ACL file: no password",
    catcher: "security: unauthenticated commands refused",
    kind: "runtime",
    broken: { override: { services: { redis: { entrypoint: ["/usr/bin/catatonit", "--"], command: ["redis-server", "/etc/xnai/redis.conf"] } } } },
    detect: redisAcceptsAnonymous,
  },
  {
    id: "api-without-breaker",
    description: "the api calls inference with no breaker and no timeout",
    catcher: "breakers: no request hangs past the client timeout",
    kind: "runtime",
    broken: { variables: {}, override: { services: { api: { environment: { BREAKERS_DISABLED: "1" } } } } },
    detect: queryHangsOnFrozenDependency,
  },
  {
    id: "breaker-never-opens",
    description: "the inference breaker's threshold is 1000 failures (it never opens in practice)",
    catcher: "breakers: open after the declared threshold",
    kind: "runtime",
    broken: { override: { services: { api: { environment: { BREAKER_INFERENCE_FAILURE_THRESHOLD: "1000" } } } } },
    detect: breakerDoesNotOpen,
  },
  {
    id: "inference-unbounded-queue",
    description: "inference queues without limit (memory grows without bound)",
    catcher: "overload: excess requests shed with 503",
    kind: "runtime",
    broken: { override: { services: { inference: { environment: { UNBOUNDED_QUEUE: "1" } } } } },
    detect: inferenceQueueUnbounded,
  },
  {
    id: "api-500-on-redis-down",
    description: "the api answers 500 when Redis is down",
    catcher: "degradation: no 500 without Redis",
    kind: "runtime",
    broken: { override: { services: { api: { environment: { FAIL_ON_REDIS_DOWN: "1" } } } } },
    detect: api500WithoutRedis,
  },
  {
    id: "crawler-dies-on-redis-loss",
    description: "the crawler exits when Redis goes away",
    catcher: "redis loss: the crawler survives and resumes",
    kind: "runtime",
    broken: { override: { services: { crawler: { environment: { EXIT_ON_REDIS_LOSS: "1" } } } } },
    detect: crawlerDiesOnRedisLoss,
  },
  {
    id: "aof-off-claiming-durability",
    description: "the profile claims AOF durability on a volume but Redis runs without persistence",
    catcher: "redis loss: no acknowledged write lost (aof-everysec on a volume)",
    kind: "runtime",
    broken: { override: redisOnVolume, variables: { REDIS_PERSISTENCE: "none" } },
    healthy: { override: redisOnVolume, variables: { REDIS_PERSISTENCE: "aof-everysec" } },
    detect: acknowledgedWritesLost,
  },
  {
    id: "model-too-slow",
    description: "inference takes 400 ms more per request than the model needs",
    catcher: "latency: inference p95 within the SLO",
    kind: "runtime",
    broken: { override: { services: { inference: { environment: { ARTIFICIAL_DELAY_MS: "400" } } } } },
    detect: latencyOverSlo,
  },
];
