// The handle of a running stack: services by name or role, addresses reachable from the suite, exec,
// logs, lifecycle operations, and teardown with `await using`. It holds only ids and addresses, so a
// stack started in one process (vitest's global setup) can be attached to from another (a worker).
import type Dockerode from "dockerode";
import type { ComposeModel } from "../compose/index.ts";
import type { Role, StackProfile } from "../profile.ts";
import { serviceForRole } from "../profile.ts";
import type { LaunchFinding } from "./container-spec.ts";
import { execIn, type ExecResult } from "./exec.ts";
import type { InterposerInfo } from "../../faults/interposer.ts";
import { DisturbanceLog } from "./disturbance-log.ts";

export interface HostPort {
  host: string;
  port: number;
}

export interface ServiceHandle {
  name: string;
  containerName: string;
  containerId: string;
  image: string;
  /** From the start call to healthy (or running when no healthcheck). */
  timeToReadyMs: number;
  healthcheckShell: string | undefined;
  /** Published container ports -> host address. */
  published: Record<number, HostPort>;
}

export interface AccessInfo {
  containerId: string;
  api: HostPort;
  /** "service:port" -> host address of the access proxy's listener */
  listeners: Record<string, HostPort>;
  /** "service:port" -> proxy name in the Toxiproxy API */
  proxyNames: Record<string, string>;
}

export interface StackTimings {
  imagesMs: number;
  startMs: number;
  perService: Record<string, number>;
}

/** Everything needed to attach to a running stack from another process. */
export interface StackInfo {
  prefix: string;
  composeFile: string;
  model: ComposeModel;
  services: ServiceHandle[];
  networks: Record<string, string>;
  volumes: Record<string, string>;
  findings: LaunchFinding[];
  timings: StackTimings;
  access: AccessInfo | undefined;
  /** Fault proxy between services, when the launch asked for one. */
  interposer?: InterposerInfo;
}

export class StartedStack implements AsyncDisposable {
  private stopped = false;
  readonly services: Map<string, ServiceHandle>;
  /** What the suite did to this stack on purpose, for telemetry (this handle's calls only). */
  readonly disturbances = new DisturbanceLog();
  private readonly beforeDown: (() => Promise<void>)[] = [];
  constructor(
    readonly info: StackInfo,
    readonly profile: StackProfile | undefined,
    readonly docker: Dockerode,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.services = new Map(info.services.map((s) => [s.name, s]));
  }

  get model(): ComposeModel {
    return this.info.model;
  }
  get prefix(): string {
    return this.info.prefix;
  }
  get findings(): LaunchFinding[] {
    return this.info.findings;
  }
  get timings(): StackTimings {
    return this.info.timings;
  }
  get access(): AccessInfo | undefined {
    return this.info.access;
  }

  service(name: string): ServiceHandle {
    const s = this.services.get(name);
    if (!s) throw new Error(`stack has no running service '${name}' (services: ${[...this.services.keys()].join(", ")})`);
    return s;
  }

  /** Service name that plays a role in the profile. */
  roleService(role: Role): string {
    if (!this.profile) throw new Error(`no profile: cannot resolve role '${role}'`);
    return serviceForRole(this.profile, role);
  }

  /** host:port at which the suite reaches a service port: its published port, else the access proxy. */
  address(service: string, port: number): HostPort {
    const published = this.service(service).published[port];
    if (published) return published;
    const viaProxy = this.info.access?.listeners[`${service}:${port}`];
    if (!viaProxy) throw new Error(`service '${service}' port ${port} is not published and the access proxy has no listener for it`);
    return viaProxy;
  }

  url(service: string, port: number, path = ""): string {
    const a = this.address(service, port);
    return `http://${a.host}:${a.port}${path}`;
  }

  containerId(service: string): string {
    return this.service(service).containerId;
  }

  exec(service: string, cmd: string[], opts: { user?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
    return execIn(this.docker, this.containerId(service), cmd, opts);
  }

  async logs(service: string, tail = 200): Promise<string> {
    const buf = (await this.docker.getContainer(this.containerId(service)).logs({ stdout: true, stderr: true, tail, follow: false })) as unknown as Buffer;
    return demuxLogs(buf);
  }

  inspect(service: string): Promise<Dockerode.ContainerInspectInfo> {
    return this.docker.getContainer(this.containerId(service)).inspect();
  }

  // kill and stop open a disturbance of the service that its next start closes; a kill whose restart
  // policy brings the service back is closed by the caller (or stays open to the end of sampling)
  async kill(service: string, signal = "SIGKILL"): Promise<void> {
    this.disturbances.begin(service, `${signal} ${service}`);
    await this.docker.getContainer(this.containerId(service)).kill({ signal });
  }

  async stop(service: string, timeoutS = 10): Promise<void> {
    this.disturbances.begin(service, `stop ${service}`);
    await this.docker.getContainer(this.containerId(service)).stop({ t: timeoutS }).catch(ignoreNotModified);
  }

  async start(service: string): Promise<void> {
    await this.docker.getContainer(this.containerId(service)).start().catch(ignoreNotModified);
    this.disturbances.end(service);
  }

  async restart(service: string, timeoutS = 10): Promise<void> {
    const startMs = Date.now();
    await this.docker.getContainer(this.containerId(service)).restart({ t: timeoutS });
    this.disturbances.mark(`restart ${service}`, startMs);
  }

  /** Runs the service's own healthcheck once; true when it passes. */
  async healthy(service: string): Promise<boolean> {
    const s = this.service(service);
    try {
      if (!s.healthcheckShell) return (await this.inspect(service)).State.Running;
      return (await this.exec(service, ["/bin/sh", "-c", s.healthcheckShell], { timeoutMs: 10_000 })).exitCode === 0;
    } catch {
      return false;
    }
  }

  /** Runs before the containers go (a sampler stops and reports); a failing one does not block the teardown. */
  onBeforeDown(fn: () => Promise<void>): void {
    this.beforeDown.push(fn);
  }

  async down(): Promise<{ durationMs: number }> {
    if (this.stopped) return { durationMs: 0 };
    this.stopped = true;
    for (const fn of this.beforeDown.splice(0)) await fn().catch((err: unknown) => this.log(`before teardown of ${this.prefix}: ${err instanceof Error ? err.message : String(err)}`));
    const t0 = Date.now();
    const ids = [...this.services.values()].map((s) => s.containerId);
    if (this.info.access) ids.push(this.info.access.containerId);
    if (this.info.interposer) ids.push(this.info.interposer.containerId);
    await Promise.all(ids.map((id) => this.docker.getContainer(id).remove({ force: true, v: true }).catch(ignoreGone)));
    for (const net of Object.values(this.info.networks)) await this.docker.getNetwork(net).remove().catch(ignoreGone);
    for (const vol of Object.values(this.info.volumes)) await this.docker.getVolume(vol).remove({ force: true }).catch(ignoreGone);
    const durationMs = Date.now() - t0;
    this.log(`stack ${this.prefix} down in ${(durationMs / 1000).toFixed(1)} s`);
    return { durationMs };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.down();
  }
}

function ignoreGone(err: { statusCode?: number }): void {
  if (err.statusCode !== 404 && err.statusCode !== 409) throw err;
}

function ignoreNotModified(err: { statusCode?: number }): void {
  if (err.statusCode !== 304) throw err;
}

/** Docker log streams carry an 8-byte header per frame when there is no TTY. */
export function demuxLogs(buf: Buffer): string {
  if (!Buffer.isBuffer(buf)) return String(buf);
  const out: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length && (buf[i] === 1 || buf[i] === 2) && buf[i + 1] === 0) {
    const len = buf.readUInt32BE(i + 4);
    out.push(buf.subarray(i + 8, i + 8 + len));
    i += 8 + len;
  }
  return out.length ? Buffer.concat(out).toString("utf8") : buf.toString("utf8");
}
