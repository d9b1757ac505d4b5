// Verdicts of the isolation checks (pure, unit-tested).
import { result, type CheckResult } from "./check-result.ts";

/** Published host ports per service; only `allowedPublisher` may have any. */
export function judgePublishedPorts(service: string, published: readonly string[], allowedPublisher: string | undefined): CheckResult {
  const allowed = service === allowedPublisher;
  return result(
    "published-ports",
    service,
    allowed || published.length === 0,
    published.length ? `publishes ${published.join(", ")}` : "publishes nothing",
    allowed ? "may publish (the gateway)" : "no published ports (only the gateway publishes)",
  );
}

/** Marker files each container saw: its own must be visible (the probe works), nobody else's. */
export function judgeMarkerVisibility(service: string, own: readonly string[], seen: readonly string[], writeErrors: readonly string[]): CheckResult {
  const foreign = seen.filter((m) => !own.includes(m));
  const missingOwn = own.filter((m) => !seen.includes(m));
  const ok = foreign.length === 0 && missingOwn.length === 0 && writeErrors.length === 0;
  const parts = [
    `${own.length} own markers ${missingOwn.length ? `(${missingOwn.length} not visible)` : "visible"}`,
    foreign.length ? `other services' markers visible: ${foreign.join(", ")}` : "no other service's marker visible",
    ...writeErrors.map((e) => `write failed: ${e}`),
  ];
  return result("tmpfs-isolation", service, ok, parts.join("; "), "own tmpfs/volume markers visible, none of another service's");
}

export function judgeReach(check: string, service: string, target: string, mayReach: boolean, probe: { connected: boolean; outcome: string; ran: boolean }): CheckResult {
  const ok = probe.ran && probe.connected === mayReach;
  return result(check, service, ok, `${target}: ${probe.outcome}`, mayReach ? `${target} reachable` : `${target} unreachable`);
}
