// What a scenario against a running stack works with: the stack, its profile and SLO, the engine, the
// capabilities, and the credentials it needs to talk to the stack as a client.
import { readFileSync } from "node:fs";
import type { Capabilities } from "../engine/capabilities.ts";
import type { EngineTarget } from "../engine/engine-target.ts";
import type { Slo } from "../slo/slo.ts";
import type { Role, StackProfile } from "../stack/profile.ts";
import type { StartedStack } from "../stack/launcher/started-stack.ts";

export interface StackChaosContext {
  stack: StartedStack;
  profile: StackProfile;
  slo: Slo;
  target: EngineTarget;
  capabilities: Capabilities;
}

export function secretOf(stack: StartedStack, secret: string): string {
  const file = stack.model.secrets[secret]?.file;
  if (!file) throw new Error(`stack has no file secret '${secret}'`);
  return readFileSync(file, "utf8").trim();
}

/** The query endpoint a client uses: through the gateway when the profile has one, else the api. */
export function queryUrl(ctx: Pick<StackChaosContext, "stack" | "profile">): string {
  const { stack, profile } = ctx;
  const gw = profile.endpoints.gateway;
  if (gw) return stack.url(gw.service, gw.port, `${gw.apiPrefix}${profile.endpoints.api.queryPath}`);
  const api = profile.endpoints.api;
  return stack.url(api.service, api.port, api.queryPath);
}

export const queryBody = { query: "what is tmpfs memory", max_tokens: 4 };

export function apiKeyHeader(ctx: Pick<StackChaosContext, "stack" | "profile">): Record<string, string> {
  return { "x-api-key": secretOf(ctx.stack, ctx.profile.credentials.apiKeySecret) };
}

/** Roles the profile names, in a stable order (dependencies first). */
export function profileRoles(profile: StackProfile): Role[] {
  const order: Role[] = ["redis", "inference", "crawler", "api", "gateway"];
  return order.filter((r) => profile.roles[r] !== undefined);
}

/** The declared restart policy of a service ("" when none). */
export function restartPolicyOf(stack: StartedStack, service: string): string {
  return stack.model.services[service]?.restart ?? "";
}
