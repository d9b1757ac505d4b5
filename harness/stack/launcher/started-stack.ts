// The handle of a running stack: services by name or role, URLs reachable from the suite, exec,
// logs, lifecycle operations, and teardown with `await using`.
import type Dockerode from "dockerode";
import type { StartedTestContainer } from "testcontainers";
import type { ComposeModel } from "../compose/index.ts";
import type { Role, StackProfile } from "../profile.ts";
import { serviceForRole } from "../profile.ts";
import type { LaunchFinding } from "./container-spec.ts";
import type { AccessProxy } from "./access-proxy.ts";

export interface StartedService {
  name: string;
  containerName: string;
  container: StartedTestContainer;
  image: string;
  /** From the start call to healthy (or running when no healthcheck). */
  timeToReadyMs: number;
  healthcheckShell: string | undefined;
}

export interface StackTimings {
  imagesMs: number;
  startMs: number;
  perService: Record<string, number>;
}

export class StartedStack implements AsyncDisposable {
  private stopped = false;
  constructor(
    readonly model: ComposeModel,
    readonly profile: StackProfile | undefined,
    readonly docker: Dockerode,
    readonly services: Map<string, StartedService>,
    readonly networks: Record<string, string>,
    readonly volumes: Record<string, string>,
    readonly findings: LaunchFinding[],
    readonly timings: StackTimings,
    readonly access: AccessProxy | undefined,
    private readonly log: (line: string) => void,
  ) {}

  service(name: string): StartedService {
    const s = this.services.get(name);
    if (!s) throw new Error(`stack has no running service '${name}' (services: ${[...this.services.keys()].join(", ")})`);
    return s;
  }

  role(role: Role): StartedService {
    if (!this.profile) throw new Error(`no profile: cannot resolve role '${role}'`);
    return this.service(serviceForRole(this.profile, role));
  }

  /** host:port at which the suite reaches a service port: its published port, else the access proxy. */
  address(service: string, port: number): { host: string; port: number } {
    const svc = this.model.services[service];
    const published = svc?.ports.find((p) => p.containerPort === port);
    if (published) {
      const s = this.service(service);
      return { host: s.container.getHost(), port: s.container.getMappedPort(port) };
    }
    if (!this.access) throw new Error(`service '${service}' port ${port} is not published and there is no access proxy`);
    return this.access.address(service, port);
  }

  url(service: string, port: number, path = ""): string {
    const a = this.address(service, port);
    return `http://${a.host}:${a.port}${path}`;
  }

  containerId(service: string): string {
    return this.service(service).container.getId();
  }

  async exec(service: string, cmd: string[], opts: { user?: string } = {}): Promise<{ exitCode: number; output: string; stdout: string; stderr: string }> {
    return this.service(service).container.exec(cmd, opts.user ? { user: opts.user } : undefined);
  }

  async logs(service: string, tail = 200): Promise<string> {
    const buf = (await this.docker.getContainer(this.containerId(service)).logs({ stdout: true, stderr: true, tail, follow: false })) as unknown as Buffer;
    return demuxLogs(buf);
  }

  async inspect(service: string): Promise<Dockerode.ContainerInspectInfo> {
    return this.docker.getContainer(this.containerId(service)).inspect();
  }

  async kill(service: string, signal = "SIGKILL"): Promise<void> {
    await this.docker.getContainer(this.containerId(service)).kill({ signal });
  }

  async stop(service: string, timeoutS = 10): Promise<void> {
    await this.docker.getContainer(this.containerId(service)).stop({ t: timeoutS }).catch(ignoreNotModified);
  }

  async start(service: string): Promise<void> {
    await this.docker.getContainer(this.containerId(service)).start().catch(ignoreNotModified);
  }

  async restart(service: string, timeoutS = 10): Promise<void> {
    await this.docker.getContainer(this.containerId(service)).restart({ t: timeoutS });
  }

  /** Runs the service's own healthcheck once; true when it passes. */
  async healthy(service: string): Promise<boolean> {
    const s = this.service(service);
    if (!s.healthcheckShell) return (await this.inspect(service)).State.Running;
    const r = await s.container.exec(["/bin/sh", "-c", s.healthcheckShell]).catch(() => ({ exitCode: 1 }));
    return r.exitCode === 0;
  }

  async down(): Promise<{ durationMs: number }> {
    const t0 = Date.now();
    if (this.stopped) return { durationMs: 0 };
    this.stopped = true;
    const removals = [...this.services.values()].map((s) => this.docker.getContainer(s.container.getId()).remove({ force: true, v: true }).catch(ignoreGone));
    if (this.access) removals.push(this.access.remove());
    await Promise.all(removals);
    for (const net of Object.values(this.networks)) await this.docker.getNetwork(net).remove().catch(ignoreGone);
    for (const vol of Object.values(this.volumes)) await this.docker.getVolume(vol).remove({ force: true }).catch(ignoreGone);
    const durationMs = Date.now() - t0;
    this.log(`stack down in ${(durationMs / 1000).toFixed(1)} s`);
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
