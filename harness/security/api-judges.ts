// Verdicts of the api checks (pure, unit-tested).
import { result, type CheckResult } from "./check-result.ts";

export function judgeAuthRefused(service: string, route: string, variant: string, status: number | string): CheckResult {
  return result("api-auth", service, status === 401 || status === 403, `${route} with ${variant}: ${status}`, "401 or 403");
}

export function judgeBadInput(service: string, route: string, variant: string, status: number | string): CheckResult {
  const ok = typeof status === "number" && status >= 400 && status < 500;
  return result("api-input-4xx", service, ok, `${route} with ${variant}: ${status}`, "a 4xx answer (never 5xx or a dropped connection)");
}

export function judgeAuditTrail(service: string, stream: string, sent: number, recorded: number): CheckResult {
  return result("api-auth-audited", service, recorded >= sent, `${recorded} new entries in ${stream} for ${sent} refused requests`, `at least ${sent} new entries`);
}
