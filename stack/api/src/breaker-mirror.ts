// Best-effort mirror of breaker state in Redis. Writes bypass the Redis breaker on purpose: the
// Redis breaker's own transitions are mirrored too, and the client already fails fast when Redis is away.
import type { Redis } from "ioredis";
import type { BreakerSnapshot } from "./breaker-policy.ts";
import { breakerKey, parseRecord, planRestore, serializeRecord, toRecord } from "./breaker-record.ts";
import type { Guard } from "./breakers.ts";
import type { BreakerName } from "./config.ts";
import { errorMessage, log } from "./log.ts";
import type { Metrics } from "./metrics.ts";

export class BreakerMirror {
  readonly writeFailures = new Map<string, number>();

  constructor(private readonly redis: Redis, private readonly metrics: Metrics) {}

  write(name: BreakerName, snapshot: Readonly<BreakerSnapshot>): void {
    const record = toRecord(snapshot);
    log("info", "breaker_transition", { breaker: name, ...record });
    this.redis.set(breakerKey(name), serializeRecord(record)).then(
      () => this.metrics.breakerMirrorWrites.inc({ breaker: name, outcome: "ok" }),
      (error: unknown) => {
        this.writeFailures.set(name, (this.writeFailures.get(name) ?? 0) + 1);
        this.metrics.breakerMirrorWrites.inc({ breaker: name, outcome: "failed" });
        log("debug", "breaker_mirror_write_failed", { breaker: name, error: errorMessage(error) });
      },
    );
  }

  /** Reads each breaker's persisted record once Redis is reachable and applies it. */
  async restore(guards: readonly Guard[]): Promise<void> {
    for (const guard of guards) {
      if (!guard.enabled) continue;
      try {
        const raw = await this.redis.get(breakerKey(guard.name));
        const record = parseRecord(raw);
        if (record === null) {
          if (raw !== null) log("warn", "breaker_record_ignored", { breaker: guard.name, raw });
          continue;
        }
        const plan = planRestore(record, Date.now(), guard.settings.resetTimeoutMs);
        const applied = guard.restore(plan);
        log("info", "breaker_restored", { breaker: guard.name, applied, record, plan });
      } catch (error) {
        log("warn", "breaker_restore_failed", { breaker: guard.name, error: errorMessage(error) });
      }
    }
  }
}
