// Samples a running stack about once a second beside a suite or scenario: containers (memory, CPU,
// restarts, tmpfs), Redis INFO and the services' own /metrics. Probes run in parallel each tick; a
// tick still running when the next is due makes that one skipped, so a slow engine is not piled on.
import { readFileSync } from "node:fs";
import type { FaultWindow } from "../plots/svg-chart.ts";
import type { StackProfile } from "../stack/profile.ts";
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import { ContainerProbe, type TmpfsMethod } from "./container-probe.ts";
import { MetricsProbe } from "./metrics-probe.ts";
import { RedisProbe } from "./redis-probe.ts";
import { RingBuffer } from "./ring-buffer.ts";
import type { TelemetrySeries, TelemetryTick } from "./telemetry-series.ts";

export interface SamplerOptions {
  intervalMs?: number;
  /** Ticks kept (the newest); at 1 Hz the default holds 30 minutes. */
  maxTicks?: number;
  /** Services to sample; all of the stack's by default. */
  services?: readonly string[];
  tmpfsMethod?: TmpfsMethod;
  redis?: boolean;
  scrape?: boolean;
  probeTimeoutMs?: number;
}

export interface Sampler {
  stop(): Promise<TelemetrySeries>;
  /** The series so far, while sampling goes on (for polling on a condition). */
  snapshot(): TelemetrySeries;
  /** A fault the caller injected: restarts inside it are expected, and plots shade it. */
  markFault(label: string, startMs: number, endMs: number): void;
}

function redisProbeFor(stack: StartedStack, profile: StackProfile, timeoutMs: number): RedisProbe | undefined {
  const endpoint = profile.endpoints.redis;
  const secretFile = stack.model.secrets[profile.credentials.redisAdminSecret]?.file;
  if (!secretFile || !stack.services.has(endpoint.service)) return undefined;
  return new RedisProbe(endpoint.service, stack.address(endpoint.service, endpoint.port), readFileSync(secretFile, "utf8").trim(), timeoutMs);
}

function metricsProbesFor(stack: StartedStack, profile: StackProfile, timeoutMs: number): MetricsProbe[] {
  const endpoints = [profile.endpoints.api, profile.endpoints.inference, profile.endpoints.crawler].filter((e) => e !== undefined);
  return endpoints
    .filter((endpoint) => stack.services.has(endpoint.service))
    .map((endpoint) => new MetricsProbe(endpoint.service, stack.url(endpoint.service, endpoint.port, "/metrics"), timeoutMs));
}

export function startSampler(stack: StartedStack, profile: StackProfile, options: SamplerOptions = {}): Sampler {
  const intervalMs = options.intervalMs ?? 1_000;
  const timeoutMs = options.probeTimeoutMs ?? Math.max(500, Math.min(intervalMs * 2, 3_000));
  const services = [...(options.services ?? [...stack.services.keys()])];
  // a unix socket means the engine's pids are this host's; over tcp/ssh only the engine's view is used
  const hostProc = typeof (stack.docker.modem as { socketPath?: unknown }).socketPath === "string";
  const containers = services.map((service) => new ContainerProbe(stack.docker, service, stack.containerId(service), { tmpfsMethod: options.tmpfsMethod, hostProc }));
  const redis = options.redis === false ? undefined : redisProbeFor(stack, profile, timeoutMs);
  const scrapes = options.scrape === false ? [] : metricsProbesFor(stack, profile, timeoutMs);
  const ticks = new RingBuffer<TelemetryTick>(options.maxTicks ?? 1_800);
  const faultWindows: FaultWindow[] = [];
  const startedAtMs = Date.now();
  let skippedTicks = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let nextDueMs = startedAtMs;

  const tick = async (): Promise<void> => {
    const atMs = Date.now();
    const [serviceSamples, redisSample, scrapeSamples] = await Promise.all([
      Promise.all(containers.map((probe) => probe.read())),
      redis?.read(),
      Promise.all(scrapes.map((probe) => probe.read())),
    ]);
    ticks.push({
      atMs,
      durationMs: Date.now() - atMs,
      services: serviceSamples,
      ...(redisSample === undefined ? {} : { redis: redisSample }),
      scrapes: scrapeSamples,
    });
  };

  const schedule = (): void => {
    if (stopped) return;
    const now = Date.now();
    while (nextDueMs <= now - intervalMs) {
      nextDueMs += intervalMs;
      skippedTicks++;
    }
    timer = setTimeout(() => {
      nextDueMs += intervalMs;
      // probes never throw; this catch only guards the loop against a bug in one
      running = tick()
        .catch(() => undefined)
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, Math.max(0, nextDueMs - now));
  };
  schedule();

  const series = (): TelemetrySeries => ({
    startedAtMs,
    stoppedAtMs: Date.now(),
    intervalMs,
    services,
    ticks: ticks.toArray(),
    droppedTicks: ticks.dropped,
    skippedTicks,
    // windows marked here, and whatever the suite did through the stack handle while sampling
    faultWindows: [...faultWindows, ...stack.disturbances.windows(startedAtMs)].sort((a, b) => a.startMs - b.startMs),
    tmpfsMethod: containers.some((probe) => probe.tmpfsMethod === "exec") ? "exec" : "statfs",
  });

  return {
    markFault(label, startMs, endMs) {
      faultWindows.push({ label, startMs, endMs: Math.max(startMs, endMs) });
    },
    snapshot: series,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      redis?.close();
      return series();
    },
  };
}
