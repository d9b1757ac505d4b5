// A private stack for chaos scenarios: the target's compose file with the api's dependencies routed
// through an interposer (fault proxy), so faults can sit on the api->inference and api->redis links.
// Only a compose environment override of the api is applied; the stack's own files stay untouched.
import type { Capabilities } from "../engine/capabilities.ts";
import type { EngineSession } from "../engine/engine-session.ts";
import { interposeEnvironment, type InterposerRequest } from "../faults/interposer.ts";
import type { ProxyLink } from "../faults/proxy-faults.ts";
import { loadCompose, type VariableMap } from "../stack/compose/index.ts";
import { loadComposeVariant, mergeOverride, type ComposeOverride } from "../stack/compose/override.ts";
import { launchStack } from "../stack/launcher/launch-stack.ts";
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import { composeFileOf, type Role, type StackProfile } from "../stack/profile.ts";

export const interposerAliasPrefix = "chaos-via-";

export function interposerRequest(profile: StackProfile): InterposerRequest {
  const { redis, inference } = profile.endpoints;
  return { client: profile.roles.api, aliasPrefix: interposerAliasPrefix, links: [{ service: inference.service, port: inference.port }, { service: redis.service, port: redis.port }] };
}

export async function launchChaosStack(opts: {
  session: EngineSession;
  profile: StackProfile;
  capabilities: Capabilities;
  variables: VariableMap;
  instance: string;
  /** A further variant (e.g. a negative control) merged over the interposer override. */
  override?: ComposeOverride;
  log?: (line: string) => void;
}): Promise<{ stack: StartedStack; rewritten: Record<string, { from: string; to: string }> }> {
  const composeFile = composeFileOf(opts.profile);
  const request = interposerRequest(opts.profile);
  const base = loadCompose(composeFile, { mode: "strict", variables: opts.variables });
  const { override, rewritten } = interposeEnvironment(base, opts.profile.roles.api, request);
  if (Object.keys(rewritten).length === 0) throw new Error(`no environment variable of ${opts.profile.roles.api} names ${request.links.map((l) => l.service).join(" or ")}: cannot route it through the interposer`);
  const model = loadComposeVariant(composeFile, mergeOverride(override, opts.override ?? {}) as ComposeOverride, { mode: "strict", variables: opts.variables });
  const stack = await launchStack({
    session: opts.session,
    composeFile,
    profile: opts.profile,
    variables: opts.variables,
    model,
    instance: opts.instance,
    memoryLimitsEnforced: opts.capabilities.memoryLimits.available,
    interposer: request,
    log: opts.log,
  });
  return { stack, rewritten };
}

/** The interposer's link from the api to a dependency role. */
export function apiLink(stack: StartedStack, profile: StackProfile, role: Extract<Role, "redis" | "inference">): ProxyLink {
  const ip = stack.info.interposer;
  if (!ip) throw new Error("this stack was launched without an interposer (use launchChaosStack)");
  const e = profile.endpoints[role];
  const proxyName = ip.proxyNames[`${e.service}:${e.port}`];
  if (!proxyName) throw new Error(`the interposer has no link to ${e.service}:${e.port}`);
  return { apiUrl: `http://${ip.api.host}:${ip.api.port}`, proxyName, label: `${profile.roles.api}->${e.service}` };
}
