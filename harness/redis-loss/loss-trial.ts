// One data-loss trial: acknowledged writes, a fault in the middle of them (SIGKILL, or a graceful
// container restart), wait for Redis to serve again, read back, check.
import type { Redis } from "ioredis";
import { checkDataLoss, type DataLossReport } from "../checkers/data-loss-checker.ts";
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import { readBackIds, runAckedWriter } from "./acked-writer.ts";
import { awaitContainerBack, startedAt, type ContainerBack } from "./container-back.ts";
import { waitRedisReady } from "./redis-admin.ts";

/**
 * sigkill: the engine kills the container (podman treats that as a user stop: no policy restart);
 * crash: the server process is SIGKILLed inside the container (as an OOM kill or a crash would), so the
 * init exits and the restart policy decides; restart: a graceful stop and start.
 */
export type LossFault = "sigkill" | "crash" | "restart";

export interface LossTrialOptions {
  stack: StartedStack;
  service: string;
  redis: Redis;
  fault: LossFault;
  keyPrefix: string;
  ratePerSec: number;
  writeMs: number;
  faultAtMs: number;
  policyWaitMs: number;
  readyTimeoutMs: number;
}

export interface LossTrialResult {
  fault: LossFault;
  report: DataLossReport;
  back: ContainerBack | { restartedBy: "restart-call"; runningAtMs: number };
  faultAtMs: number;
  /** Acknowledged before the fault began: what a fault that keeps nothing loses at least. */
  ackedBeforeFault: number;
  /** Fault to the first PONG after it. */
  outageMs: number;
  writesPerSec: number;
  writerErrors: Record<string, number>;
  /** What the server says it loaded, after the restart. */
  persistenceAfter: Record<string, string>;
}

export async function runLossTrial(o: LossTrialOptions): Promise<LossTrialResult> {
  const before = await startedAt(o.stack, o.service);
  let back: LossTrialResult["back"] | undefined;
  let readyAtMs: number | undefined;
  const inject = async () => {
    o.stack.disturbances.begin(o.service, `${o.fault} ${o.service}`);
    if (o.fault === "sigkill" || o.fault === "crash") {
      if (o.fault === "sigkill") await o.stack.kill(o.service, "SIGKILL");
      // every process the service user may signal but the init and the shell itself: the server
      else await o.stack.exec(o.service, ["/bin/sh", "-c", "kill -9 -1"], { timeoutMs: 5_000 }).catch(() => undefined);
      back = await awaitContainerBack(o.stack, o.service, before, { policyWaitMs: o.policyWaitMs, startTimeoutMs: o.readyTimeoutMs });
    } else {
      await o.stack.restart(o.service, 10);
      back = { restartedBy: "restart-call", runningAtMs: Date.now() };
    }
    readyAtMs = await waitRedisReady(o.redis, o.readyTimeoutMs, `${o.service} to answer PING after the ${o.fault}`);
    o.stack.disturbances.end(o.service);
  };
  const run = await runAckedWriter({ redis: o.redis, keyPrefix: o.keyPrefix, ratePerSec: o.ratePerSec, durationMs: o.writeMs, fault: { atMs: o.faultAtMs, inject } });
  if (run.faultAtMs === null || back === undefined || readyAtMs === undefined) throw new Error(`the ${o.fault} of ${o.service} was never injected during ${o.writeMs} ms of writes`);
  const present = await readBackIds(o.redis, o.keyPrefix);
  return {
    fault: o.fault,
    report: checkDataLoss(run.attempts, present),
    back,
    faultAtMs: run.faultAtMs,
    ackedBeforeFault: run.attempts.filter((a) => a.outcome === "acked" && a.ackedAtMs <= run.faultAtMs!).length,
    outageMs: readyAtMs - run.faultAtMs,
    writesPerSec: run.attempts.length / ((run.finishedAtMs - run.startedAtMs) / 1000),
    writerErrors: run.errors,
    persistenceAfter: await persistenceInfo(o.redis),
  };
}

export async function persistenceInfo(redis: Redis): Promise<Record<string, string>> {
  const text = await redis.info("persistence");
  const wanted = ["loading", "aof_enabled", "rdb_last_save_time", "rdb_last_bgsave_status", "aof_last_write_status", "rdb_changes_since_last_save"];
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const [key, value] = line.split(":");
    if (key && value !== undefined && wanted.includes(key)) out[key] = value.trim();
  }
  return out;
}
