// Starts a compose stack through testcontainers: images, networks, volumes, secrets, then services in
// depends_on waves (a wave in parallel), each awaited with its own healthcheck. Any failure tears
// down what was started and reports the service, the reason and its last log lines.
import type Dockerode from "dockerode";
import type { EngineSession } from "../../engine/engine-session.ts";
import { dockerodeFor } from "../../engine/engine-client.ts";
import { loadCompose, startOrder, type ComposeModel, type VariableMap } from "../compose/index.ts";
import type { StackProfile } from "../profile.ts";
import { ensureStackImages } from "../images/stack-images.ts";
import { ensureToolImage, faultProxyContext } from "../images/tool-images.ts";
import { buildServiceSpec, type LaunchFinding } from "./container-spec.ts";
import { ensureGeneratedSecrets } from "./secrets.ts";
import { StackStartError, keyOfStartFailure } from "./stack-errors.ts";
import { StartedStack, demuxLogs, type AccessInfo, type ServiceHandle } from "./started-stack.ts";
import { startAccessProxy, type AccessTarget } from "./access-proxy.ts";
import { pinBridgeMacs } from "./bridge-mac.ts";
import { startInterposer, type InterposerInfo, type InterposerRequest } from "../../faults/interposer.ts";

export interface LaunchOptions {
  session: EngineSession;
  composeFile: string;
  profile?: StackProfile;
  variables?: VariableMap;
  log?: (line: string) => void;
  memoryLimitsEnforced?: boolean;
  /** Short name of this stack instance (several stacks may run in one run). */
  instance?: string;
  /** An already loaded (e.g. overridden) model instead of reading composeFile. */
  model?: ComposeModel;
  /** A fault proxy on a client service's networks, started before the services (see harness/faults/interposer.ts). */
  interposer?: InterposerRequest;
}

function accessTargets(model: ComposeModel, profile: StackProfile | undefined): AccessTarget[] {
  if (!profile) return [];
  const e = profile.endpoints;
  const all: AccessTarget[] = [e.redis, e.inference, e.api, ...(e.crawler ? [e.crawler] : []), ...(e.gateway ? [e.gateway] : [])].map((x) => ({ service: x.service, port: x.port }));
  return all.filter((t) => model.services[t.service] && !model.services[t.service]!.ports.some((p) => p.containerPort === t.port));
}

async function tailLogs(docker: Dockerode, name: string): Promise<string> {
  try {
    const buf = (await docker.getContainer(name).logs({ stdout: true, stderr: true, tail: 30, follow: false })) as unknown as Buffer;
    return demuxLogs(buf).trim();
  } catch {
    return "";
  }
}

export async function launchStack(opts: LaunchOptions): Promise<StartedStack> {
  const log = opts.log ?? (() => undefined);
  const { session } = opts;
  const docker = dockerodeFor(session.target);
  const model = opts.model ?? loadCompose(opts.composeFile, { mode: "strict", variables: opts.variables });
  const waves = startOrder(model);
  const findings: LaunchFinding[] = model.findings.map((f) => ({ service: f.service ?? "*", key: f.key, message: f.message }));
  if (opts.profile) {
    const created = ensureGeneratedSecrets(model, opts.profile.generatedSecrets);
    if (created.length) log(`generated secrets: ${created.join(", ")}`);
  }

  const t0 = Date.now();
  const images = await ensureStackImages(docker, model, session.baseImage, log);
  const targets = accessTargets(model, opts.profile);
  const proxyImage = targets.length || opts.interposer ? await ensureToolImage(docker, faultProxyContext(session.env.projectRoot), "fault-proxy", session.baseImage, log) : undefined;
  const imagesMs = Date.now() - t0;

  const prefix = `${(model.name ?? "stack").replace(/[^a-zA-Z0-9_.-]/g, "-")}-${session.env.runId.slice(-6)}${opts.instance ? `-${opts.instance}` : ""}`;
  const labels = { ...session.labels, "xnai.stack": prefix };
  const networks: Record<string, string> = {};
  const volumes: Record<string, string> = {};
  const started = new Map<string, ServiceHandle>();
  let access: AccessInfo | undefined;
  let interposer: InterposerInfo | undefined;
  const perService: Record<string, number> = {};
  const remote = !session.target.socketUrl.startsWith("unix://");
  const stack = () =>
    new StartedStack(
      { prefix, composeFile: model.file, model, services: [...started.values()], networks, volumes, findings, timings: { imagesMs, startMs: Date.now() - t1, perService }, access, interposer },
      opts.profile,
      docker,
      log,
    );
  const t1 = Date.now();
  try {
    const usesDefault = Object.values(model.services).some((s) => s.networks.length === 0 && s.networkMode !== "none");
    const netDefs = { ...model.networks, ...(usesDefault && !model.networks.default ? { default: { name: "default", internal: false, driver: undefined, external: false, labels: {}, line: 0 } } : {}) };
    for (const [key, net] of Object.entries(netDefs)) {
      if (net.external) {
        networks[key] = net.name;
        continue;
      }
      const name = `${prefix}_${key}`;
      await docker.createNetwork({ Name: name, Internal: net.internal, Labels: { ...net.labels, ...labels }, CheckDuplicate: true });
      networks[key] = name;
    }
    for (const [key, vol] of Object.entries(model.volumes)) {
      if (vol.external) {
        volumes[key] = vol.name;
        continue;
      }
      const name = `${prefix}_${key}`;
      await docker.createVolume({ Name: name, Labels: { ...vol.labels, ...labels } });
      volumes[key] = name;
    }
    if (opts.interposer && proxyImage) {
      const client = model.services[opts.interposer.client];
      if (!client) throw new Error(`interposer: compose file has no service '${opts.interposer.client}'`);
      const clientNets = client.networks.length ? client.networks.map((n) => networks[n.name]!) : [networks.default!];
      interposer = await startInterposer({ image: proxyImage, name: `${prefix}-interposer`, labels, networks: clientNets, request: opts.interposer });
    }
    for (const wave of waves) {
      log(`starting ${wave.join(", ")}`);
      const outcomes = await Promise.allSettled(
        wave.map(async (name) => {
          const svc = model.services[name]!;
          const containerName = `${prefix}-${name}`;
          const spec = buildServiceSpec(svc, {
            model,
            image: images[name]!.image,
            containerName,
            labels: { ...labels, "xnai.compose-service": name },
            networkNames: networks,
            volumeNames: volumes,
            remoteEngine: remote,
            memoryLimitsEnforced: opts.memoryLimitsEnforced,
          });
          findings.push(...spec.findings);
          const ts = Date.now();
          try {
            const container = await spec.container.start();
            const ms = Date.now() - ts;
            perService[name] = ms;
            const published = Object.fromEntries(svc.ports.map((p) => [p.containerPort, { host: container.getHost(), port: container.getMappedPort(p.containerPort) }]));
            started.set(name, { name, containerName, containerId: container.getId(), image: images[name]!.image, timeToReadyMs: ms, healthcheckShell: spec.healthcheckShell, published });
            log(`  ${name} ready in ${(ms / 1000).toFixed(1)} s`);
          } catch (err) {
            const reason = err instanceof Error ? err.message.split("\n")[0]! : String(err);
            throw new StackStartError(name, reason, await tailLogs(docker, containerName), model.file, keyOfStartFailure(reason));
          }
        }),
      );
      // Every start of the wave has settled, so teardown sees all of them.
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
      if (failed) throw failed.reason;
    }
    if (targets.length && proxyImage) {
      const serviceNets = new Set(targets.flatMap((t) => (model.services[t.service]!.networks.length ? model.services[t.service]!.networks.map((n) => networks[n.name]!) : [networks.default!])));
      access = await startAccessProxy({ image: proxyImage, name: `${prefix}-access`, labels, targets, networks: [...serviceNets] });
    }
    if (!remote) await pinBridgeMacs(session.target, Object.values(networks), findings);
    return stack();
  } catch (err) {
    await stack().down().catch(() => undefined);
    await removeByStackLabel(docker, prefix);
    throw err;
  }
}

/** Containers created but never handed back (a failed start) are found by the stack label. */
async function removeByStackLabel(docker: Dockerode, prefix: string): Promise<void> {
  const left = await docker.listContainers({ all: true, filters: { label: [`xnai.stack=${prefix}`] } });
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  const nets = await docker.listNetworks({ filters: { label: [`xnai.stack=${prefix}`] } });
  for (const n of nets) await docker.getNetwork(n.Id).remove().catch(() => undefined);
  const vols = (await docker.listVolumes({ filters: { label: [`xnai.stack=${prefix}`] } })).Volumes ?? [];
  for (const v of vols) await docker.getVolume(v.Name).remove({ force: true }).catch(() => undefined);
}
