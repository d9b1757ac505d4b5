// Turns one normalized compose service into a ServiceContainer. Whatever cannot be honoured on this
// engine is returned as a finding, never dropped silently.
import { readFileSync, existsSync } from "node:fs";
import { PullPolicy, Wait } from "testcontainers";
import type { ComposeModel, Healthcheck, ServiceModel } from "../compose/index.ts";
import { effectiveEnvironment, memoryLimitBytes } from "../compose/index.ts";
import { ServiceContainer } from "./service-container.ts";

export interface LaunchFinding {
  service: string;
  key: string;
  message: string;
}

export interface SpecContext {
  model: ComposeModel;
  image: string;
  containerName: string;
  labels: Record<string, string>;
  /** compose network name -> engine network name */
  networkNames: Record<string, string>;
  /** compose volume name -> engine volume name */
  volumeNames: Record<string, string>;
  remoteEngine: boolean;
  memoryLimitsEnforced: boolean | undefined;
}

export interface ServiceSpec {
  container: ServiceContainer;
  findings: LaunchFinding[];
  healthcheckShell: string | undefined;
  startupTimeoutMs: number;
}

const shellQuote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

export function healthcheckShell(hc: Healthcheck | undefined): string | undefined {
  if (!hc || hc.disabled || hc.kind === "NONE") return undefined;
  if (hc.kind === "CMD-SHELL") return hc.shell;
  return hc.argv.map(shellQuote).join(" ");
}

function tmpfsOptions(m: ServiceModel["mounts"][number]): string {
  const opts = m.options.filter((o) => o !== "rw" && o !== "ro");
  if (m.origin !== "tmpfs" && m.origin !== "volumes-short") {
    if (m.tmpfsSizeBytes !== undefined) opts.push(`size=${m.tmpfsSizeBytes}`);
    if (m.tmpfsMode !== undefined) opts.push(`mode=${m.tmpfsMode.toString(8)}`);
  }
  return [m.readOnly ? "ro" : "rw", ...opts].join(",");
}

export function buildServiceSpec(svc: ServiceModel, ctx: SpecContext): ServiceSpec {
  const findings: LaunchFinding[] = [];
  const c = new ServiceContainer(ctx.image).withPullPolicy(PullPolicy.neverPull()).withName(ctx.containerName);
  c.withLabels({ ...svc.labels, ...ctx.labels, "xnai.service": svc.name });
  if (svc.entrypoint) c.withEntrypoint(svc.entrypoint);
  if (svc.command) c.withCommand(svc.command);
  if (svc.user) c.withUser(svc.user);
  if (svc.workingDir) c.withWorkingDir(svc.workingDir);
  if (svc.hostname) c.withHostname(svc.hostname);
  if (svc.containerName) findings.push({ service: svc.name, key: "container_name", message: `container_name '${svc.containerName}' replaced by the run-unique '${ctx.containerName}'` });

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(effectiveEnvironment(svc))) {
    if (v === undefined) findings.push({ service: svc.name, key: "environment", message: `${k} has no value and is not passed` });
    else env[k] = v;
  }
  c.withEnvironment(env);

  const tmpfs: Record<string, string> = {};
  const binds: string[] = [];
  for (const m of svc.mounts) {
    if (m.kind === "tmpfs") tmpfs[m.target] = tmpfsOptions(m);
    else {
      const opts = [m.readOnly ? "ro" : undefined, m.relabel, m.chown ? "U" : undefined].filter(Boolean).join(",");
      const dropped = m.options.filter((o) => !["ro", "rw", "z", "Z", "U"].includes(o));
      if (dropped.length) findings.push({ service: svc.name, key: "volumes", message: `${m.raw}: option(s) ${dropped.join(", ")} are not applied` });
      let source = m.source;
      if (m.kind === "volume" && source) source = ctx.volumeNames[source] ?? source;
      if (m.kind === "bind" && ctx.remoteEngine) findings.push({ service: svc.name, key: "volumes", message: `bind mount ${m.source} refers to a path on the remote engine's host` });
      if (m.kind === "bind" && source && !ctx.remoteEngine && !existsSync(source)) {
        throw new Error(`${ctx.model.file}: service '${svc.name}' volumes: bind source ${source} does not exist`);
      }
      if (source === undefined) c.withMountsConfig([{ Type: "volume", Target: m.target, ReadOnly: m.readOnly } as never]);
      else binds.push(`${source}:${m.target}${opts ? `:${opts}` : ""}`);
    }
  }
  if (Object.keys(tmpfs).length) c.withTmpFs(tmpfs);
  if (binds.length) c.withBinds(binds);

  const contents = svc.secrets.map((s) => {
    const def = ctx.model.secrets[s.source];
    if (!def) throw new Error(`${ctx.model.file}: service '${svc.name}' secrets: '${s.source}' is not declared under top-level secrets`);
    if (def.file) {
      if (!existsSync(def.file)) throw new Error(`${ctx.model.file}: secret '${s.source}' file ${def.file} does not exist (create it, or list it in the profile's generatedSecrets)`);
      return { content: readFileSync(def.file), target: s.target, mode: 0o444 };
    }
    if (def.environment) throw new Error(`${ctx.model.file}: secret '${s.source}' from environment is not supported by the launcher; use a file secret`);
    throw new Error(`${ctx.model.file}: secret '${s.source}' is external; external secrets are not supported`);
  });
  if (contents.length) c.withCopyContentToContainer(contents);

  if (svc.networkMode === "none") c.withNetworkMode("none");
  else {
    const attachments = (svc.networks.length ? svc.networks : [{ name: "default", aliases: [], line: svc.line }]).map((n) => {
      const network = ctx.networkNames[n.name];
      if (!network) throw new Error(`${ctx.model.file}: service '${svc.name}' networks: '${n.name}' is not declared under top-level networks`);
      return { network, aliases: [svc.name, ...n.aliases] };
    });
    c.withNetworks(attachments);
  }
  const ports = svc.ports.flatMap((p) => {
    if (p.protocol !== "tcp") {
      findings.push({ service: svc.name, key: "ports", message: `${p.raw}: only tcp ports are mapped; this one is not published` });
      return [];
    }
    if (p.hostIp !== undefined) findings.push({ service: svc.name, key: "ports", message: `${p.raw}: host_ip ${p.hostIp} is not applied; the port is published on every host address` });
    return [p.hostPort ? { container: p.containerPort, host: p.hostPort } : p.containerPort];
  });
  if (ports.length) c.withExposedPorts(...ports);

  if (svc.capAdd.length) c.withAddedCapabilities(...svc.capAdd);
  if (svc.capDrop.length) c.withDroppedCapabilities(...svc.capDrop);
  if (svc.securityOpt.length) c.withSecurityOpt(...svc.securityOpt);
  if (svc.privileged) c.withPrivilegedMode();
  if (Object.keys(svc.ulimits).length) c.withUlimits(svc.ulimits);
  const host: Record<string, unknown> = {};
  if (svc.readOnly) host.ReadonlyRootfs = true;
  if (svc.init !== undefined) host.Init = svc.init;
  if (Object.keys(svc.sysctls).length) host.Sysctls = svc.sysctls;
  if (svc.dnsOptions.length) host.DnsOptions = svc.dnsOptions;
  const mem = memoryLimitBytes(svc);
  if (mem !== undefined) {
    host.Memory = mem;
    if (ctx.memoryLimitsEnforced === false) findings.push({ service: svc.name, key: "deploy.resources.limits.memory", message: "memory limit set but this engine does not enforce it (rootless on cgroup v1)" });
  }
  if (svc.limits.cpus !== undefined) {
    host.NanoCpus = Math.round(svc.limits.cpus * 1e9);
    if (ctx.memoryLimitsEnforced === false) findings.push({ service: svc.name, key: "deploy.resources.limits.cpus", message: "cpu limit set but this engine does not enforce cgroup limits (rootless on cgroup v1)" });
  }
  if (svc.restart) {
    const [name, max] = svc.restart.split(":");
    host.RestartPolicy = { Name: name === "no" ? "" : name, MaximumRetryCount: max ? Number(max) : 0 };
  }
  if (svc.usernsMode) host.UsernsMode = svc.usernsMode;
  c.withHostConfig(host);

  if (svc.stopGracePeriodMs !== undefined) findings.push({ service: svc.name, key: "stop_grace_period", message: "not applied: the stack handle stops containers with its own timeout" });
  for (const d of svc.dependsOn) {
    if (d.condition === "service_completed_successfully") findings.push({ service: svc.name, key: "depends_on", message: `${d.service}: service_completed_successfully is treated as service_healthy (the dependency is awaited until ready, not until it exits 0)` });
  }
  const shell = healthcheckShell(svc.healthcheck);
  const hc = svc.healthcheck;
  const startupTimeoutMs = Math.max(
    60_000,
    hc ? (hc.startPeriodMs ?? 0) + (hc.retries ?? 3) * ((hc.intervalMs ?? 30_000) + (hc.timeoutMs ?? 30_000)) : 0,
  );
  if (shell) c.withWaitStrategy(Wait.forSuccessfulCommand(shell));
  else c.withWaitStrategy(Wait.forLogMessage(/./).withStartupTimeout(startupTimeoutMs));
  c.withStartupTimeout(startupTimeoutMs);
  return { container: c, findings, healthcheckShell: shell, startupTimeoutMs };
}
