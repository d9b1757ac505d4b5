import type { Redis } from "ioredis";
import type { Guard } from "./breakers.ts";
import { errorMessage, log } from "./log.ts";
import type { Metrics } from "./metrics.ts";

export const AUDIT_STREAM = "audit:auth";
export const AUDIT_MAXLEN = "10000";

export interface AuthFailure {
  route: string;
  reason: "missing" | "invalid";
  remote: string;
  forwardedFor: string | undefined;
}

/** Fire-and-forget: the 401/403 never waits for the audit write. */
export function auditAuthFailure(redis: Redis, guard: Guard, metrics: Metrics, failure: AuthFailure): void {
  const time = new Date().toISOString();
  metrics.authFailures.inc({ reason: failure.reason });
  log("warn", "auth_failure", { route: failure.route, reason: failure.reason, remote: failure.remote, forwarded_for: failure.forwardedFor });
  const fields = ["time", time, "route", failure.route, "reason", failure.reason, "remote", failure.remote];
  if (failure.forwardedFor) fields.push("forwarded_for", failure.forwardedFor);
  guard
    .call(() => redis.xadd(AUDIT_STREAM, "MAXLEN", "~", AUDIT_MAXLEN, "*", ...fields))
    .catch((error: unknown) => {
      metrics.auditWriteFailures.inc();
      log("debug", "audit_write_failed", { error: errorMessage(error) });
    });
}
