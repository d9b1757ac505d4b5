// Isolation: no shared tmpfs/volumes between services, no egress from backend services (to a
// canary of our own), no published ports but the gateway's, the crawler reaches only what the profile allows.
import { randomBytes } from "node:crypto";
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import type { StackProfile } from "../stack/profile.ts";
import { result, type CheckResult, type SecurityCheck } from "./check-result.ts";
import { startCanary } from "./canary.ts";
import { oneLine, shellIn, stackServices } from "./container-probe.ts";
import { judgeMarkerVisibility, judgePublishedPorts, judgeReach } from "./isolation-judges.ts";
import { tcpConnectFrom } from "./tcp-probe.ts";

/** tmpfs targets and volume/bind destinations of a running container. */
async function writableMounts(stack: StartedStack, service: string): Promise<string[]> {
  const info = await stack.inspect(service);
  const tmpfs = Object.keys(info.HostConfig.Tmpfs ?? {});
  const volumes = (info.Mounts ?? []).filter((m) => m.Type === "volume" || m.Type === "bind").map((m) => m.Destination);
  return [...new Set([...tmpfs, ...volumes])];
}

export const tmpfsIsolationCheck: SecurityCheck = async (stack) => {
  const tag = `xnai-iso-${randomBytes(4).toString("hex")}`;
  const services = stackServices(stack);
  const mounts = Object.fromEntries(await Promise.all(services.map(async (s) => [s, await writableMounts(stack, s)] as const)));
  const allDirs = [...new Set(Object.values(mounts).flat())];
  const own: Record<string, string[]> = {};
  const writeErrors: Record<string, string[]> = {};
  await Promise.all(
    services.map(async (s) => {
      own[s] = [];
      writeErrors[s] = [];
      // A mount the service cannot write (the runtime's root-owned /run) cannot carry data out of it.
      const script = mounts[s]!.map((dir) => {
        const marker = `${tag}-${s}-${dir.replace(/[^a-zA-Z0-9]/g, "_")}`;
        return `if [ -w '${dir}' ]; then if err=$( { : > '${dir}/${marker}'; } 2>&1 ); then echo 'ok ${marker}'; else echo "error ${dir}: $err"; fi; fi`;
      });
      const w = await shellIn(stack, s, script.join("; ") || "true");
      if (w.error) writeErrors[s]!.push(oneLine(w.error));
      for (const line of w.stdout.split("\n").filter(Boolean)) {
        if (line.startsWith("ok ")) own[s]!.push(line.slice(3).trim());
        else writeErrors[s]!.push(oneLine(line.replace(/^error /, "")));
      }
    }),
  );
  const list = `for d in ${allDirs.map((d) => `'${d}'`).join(" ")}; do ls -A "$d" 2>/dev/null; done | grep '^${tag}-' || true`;
  try {
    return await Promise.all(
      services.map(async (s) => {
        const r = await shellIn(stack, s, list);
        const seen = r.stdout.split("\n").map((l) => l.trim()).filter(Boolean);
        return judgeMarkerVisibility(s, own[s]!, [...new Set(seen)], r.error ? [...writeErrors[s]!, r.error] : writeErrors[s]!);
      }),
    );
  } finally {
    await Promise.all(services.map((s) => shellIn(stack, s, `for d in ${mounts[s]!.map((d) => `'${d}'`).join(" ")}; do rm -f "$d"/${tag}-*; done`)));
  }
};

/** Services that must have no way out (the profile's redis, inference and crawler roles), taken from the
 * profile rather than the compose file, so a network wrongly made non-internal is caught, not skipped. */
export function backendServices(stack: StartedStack, profile: StackProfile): string[] {
  const roles = [profile.roles.redis, profile.roles.inference, profile.roles.crawler];
  return [...new Set(roles.filter((s): s is string => s !== undefined && stack.services.has(s)))];
}

const egressRetryMs = 20_000;

export const egressCheck: SecurityCheck = async (stack, profile, ctx) => {
  await using canary = await startCanary(stack.docker, ctx);
  const control = await canary.controlFetch();
  const out: CheckResult[] = [
    result("egress-control", "(canary)", control.ok, `control container on ${canary.network} -> ${canary.url}: ${oneLine(control.output)}`, "the canary answers on its own network"),
  ];
  const backends = backendServices(stack, profile);
  const port = Number(new URL(canary.url).port);
  // No route (ENETUNREACH/EHOSTUNREACH) is final. A timeout is not: a routed packet can be lost for a
  // few seconds to a stale neighbour entry of an earlier container with the canary's IP, so retry it.
  const probeUntilFinal = async (s: string) => {
    let last = await tcpConnectFrom(stack, s, canary.ip, port);
    const deadline = Date.now() + egressRetryMs;
    while (last.ran && !last.connected && !/^(ENETUNREACH|EHOSTUNREACH|ECONNREFUSED)$/.test(last.outcome) && Date.now() < deadline) {
      last = await tcpConnectFrom(stack, s, canary.ip, port);
    }
    // A refusal came from the canary's host: the packet got out.
    return last.outcome === "ECONNREFUSED" ? { ...last, connected: true } : last;
  };
  const probes = await Promise.all(backends.map(async (s) => [s, await probeUntilFinal(s)] as const));
  for (const [s, probe] of probes) out.push(judgeReach("no-egress", s, `canary ${canary.ip}:${port} on a non-internal network`, false, probe));
  return out;
};

export const publishedPortsCheck: SecurityCheck = async (stack, profile) => {
  const allowed = profile.roles.gateway ?? profile.endpoints.gateway?.service;
  return Promise.all(
    stackServices(stack).map(async (s) => {
      const info = await stack.inspect(s);
      const bindings = { ...(info.HostConfig.PortBindings ?? {}) } as Record<string, { HostIp?: string; HostPort?: string }[] | null>;
      for (const [port, b] of Object.entries(info.NetworkSettings.Ports ?? {})) if (b?.length) bindings[port] = b;
      const published = Object.entries(bindings)
        .filter(([, b]) => b && b.length)
        .map(([port, b]) => `${port} -> ${b!.map((x) => `${x.HostIp || "0.0.0.0"}:${x.HostPort ?? "?"}`).join("/")}`);
      return judgePublishedPorts(s, [...new Set(published)], allowed);
    }),
  );
};

function profileTargets(profile: StackProfile): { service: string; port: number }[] {
  const e = profile.endpoints;
  return [e.redis, e.inference, e.api, e.gateway, e.crawler].filter((x): x is { service: string; port: number } => x !== undefined);
}

export const crawlerReachCheck: SecurityCheck = async (stack, profile) => {
  const crawler = profile.roles.crawler;
  if (!crawler || !stack.services.has(crawler)) return [];
  const allowed = new Set(profile.crawlerMayReach ?? []);
  const targets = profileTargets(profile).filter((t) => t.service !== crawler && stack.services.has(t.service));
  // By IP address on every network of the target: reachability, not name resolution, is what isolates.
  return Promise.all(
    targets.map(async (t) => {
      const ips = Object.values((await stack.inspect(t.service)).NetworkSettings.Networks ?? {}).map((n) => n.IPAddress).filter(Boolean);
      const probes = await Promise.all(ips.map(async (ip) => ({ ip, ...(await tcpConnectFrom(stack, crawler, ip, t.port)) })));
      const hit = probes.find((p) => p.connected);
      const summary = { connected: hit !== undefined, ran: probes.length > 0 && probes.every((p) => p.ran), outcome: probes.map((p) => `${p.ip} ${p.outcome}`).join(", ") || "no IP address" };
      return judgeReach("crawler-reach", crawler, `${t.service}:${t.port}`, allowed.has(t.service), summary);
    }),
  );
};

export const isolationChecks: SecurityCheck = async (stack, profile, ctx) => {
  // Egress last: creating and removing the canary network makes the engine's DNS reload.
  const parts = [await crawlerReachCheck(stack, profile, ctx), await tmpfsIsolationCheck(stack, profile, ctx), await publishedPortsCheck(stack, profile, ctx), await egressCheck(stack, profile, ctx)];
  return parts.flat();
};
