// The security check library: one family per concern, each a list of results against a live stack.
import type { SecurityCheck } from "./check-result.ts";
import { apiChecks } from "./api-checks.ts";
import { isolationChecks } from "./isolation-checks.ts";
import { privilegeChecks } from "./privilege-checks.ts";
import { redisChecks } from "./redis-checks.ts";
import { volatilityChecks } from "./volatility-checks.ts";
import { logSecretsCheck } from "./log-checks.ts";

export * from "./check-result.ts";
export type SecurityFamilyId = "privilege" | "isolation" | "redis" | "api" | "volatility" | "logs";

export interface SecurityFamily {
  id: SecurityFamilyId;
  title: string;
  run: SecurityCheck;
  /** Restarts services: needs a private stack, never the shared one. */
  disruptive: boolean;
}

export const securityFamilies: SecurityFamily[] = [
  { id: "privilege", title: "Rootless and least privilege", run: privilegeChecks, disruptive: false },
  { id: "isolation", title: "Isolation between services and from outside", run: isolationChecks, disruptive: false },
  { id: "redis", title: "Redis authentication, ACL and credential hygiene", run: redisChecks, disruptive: false },
  { id: "api", title: "api authentication, input handling and audit trail", run: apiChecks, disruptive: false },
  { id: "volatility", title: "tmpfs volatility and secrets in RAM", run: volatilityChecks, disruptive: true },
  { id: "logs", title: "No credentials in logs, also on the error path", run: logSecretsCheck, disruptive: true },
];

export function family(id: SecurityFamilyId): SecurityFamily {
  const f = securityFamilies.find((x) => x.id === id);
  if (!f) throw new Error(`no security check family '${id}'`);
  return f;
}
