import { createServer, type Server, type Socket } from "node:net";
import { formatAddress, listenHost, parseHostPort, type HostPort } from "./address.js";
import { ApiError, errBadRequestBody, errToxicAlreadyExists, errToxicNotFound } from "./api-error.js";
import { Connection, type ConnectionOptions } from "./connection.js";
import { parseToxicUpdate, type ToxicSpec } from "./toxic-spec.js";

/** Caps live connections across every proxy, so a flood cannot exhaust file descriptors. */
export class ConnectionBudget {
  private active = 0;
  constructor(readonly max: number) {}

  tryAcquire(): boolean {
    if (this.active >= this.max) return false;
    this.active += 1;
    return true;
  }

  release(): void {
    this.active -= 1;
  }
}

export interface ProxyOptions extends ConnectionOptions {
  readonly budget: ConnectionBudget;
}

export interface ProxyJson {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: ToxicSpec[];
}

export function parseUpstream(upstream: string): HostPort & { address: string } {
  const parsed = parseHostPort(upstream);
  if (!parsed) throw ApiError.joined(errBadRequestBody, `upstream ${JSON.stringify(upstream)} is not host:port`);
  return { ...parsed, address: upstream };
}

/** One listening address forwarding to one upstream, with its toxics. */
export class Proxy {
  enabled = false;
  private server: Server | undefined;
  private readonly connections = new Set<Connection>();
  private readonly toxics = new Map<string, ToxicSpec>();

  constructor(
    readonly name: string,
    public listen: string,
    public upstream: string,
    private readonly options: ProxyOptions,
  ) {
    parseUpstream(upstream);
  }

  async start(): Promise<void> {
    if (this.enabled) return;
    const address = parseHostPort(this.listen);
    if (!address) throw new ApiError(`listen tcp ${this.listen}: missing or invalid port in address`, 500);
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host: listenHost(address.host), port: address.port }, () => {
        server.off("error", reject);
        resolve();
      });
    }).catch((err: unknown) => {
      throw new ApiError(`listen tcp ${this.listen}: ${err instanceof Error ? err.message : String(err)}`, 500);
    });
    server.on("error", (err) => this.options.log("proxy.error", { proxy: this.name, error: err.message }));
    this.server = server;
    this.listen = formatAddress(server.address());
    this.enabled = true;
    this.options.log("proxy.start", { proxy: this.name, listen: this.listen, upstream: this.upstream });
  }

  /** Stops listening and drops every connection, as disabling a Toxiproxy proxy does. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!this.enabled || !server) return;
    this.enabled = false;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const connections = [...this.connections];
    for (const connection of connections) connection.close("proxy disabled", "destroy");
    await Promise.all([closed, ...connections.map((c) => c.done)]);
    this.options.log("proxy.stop", { proxy: this.name, listen: this.listen });
  }

  /** Toxiproxy semantics: a new address restarts the proxy; `enabled` then starts or stops it. */
  async update(input: { listen?: string; upstream?: string; enabled?: boolean }): Promise<void> {
    const listen = input.listen ?? this.listen;
    const upstream = input.upstream ?? this.upstream;
    const enabled = input.enabled ?? this.enabled;
    parseUpstream(upstream);
    if (listen !== this.listen || upstream !== this.upstream) {
      await this.stop();
      this.listen = listen;
      this.upstream = upstream;
    }
    if (enabled && !this.enabled) await this.start();
    if (!enabled && this.enabled) await this.stop();
  }

  listToxics(): ToxicSpec[] {
    const all = [...this.toxics.values()];
    return [...all.filter((t) => t.stream === "upstream"), ...all.filter((t) => t.stream === "downstream")];
  }

  getToxic(name: string): ToxicSpec {
    const toxic = this.toxics.get(name);
    if (!toxic) throw errToxicNotFound;
    return toxic;
  }

  addToxic(spec: ToxicSpec): ToxicSpec {
    if (this.toxics.has(spec.name)) throw errToxicAlreadyExists;
    this.toxics.set(spec.name, spec);
    for (const connection of this.connections) connection.attachToxic(spec);
    return spec;
  }

  updateToxic(name: string, body: unknown): ToxicSpec {
    const updated = parseToxicUpdate(this.getToxic(name), body);
    this.toxics.set(name, updated);
    for (const connection of this.connections) connection.attachToxic(updated);
    return updated;
  }

  removeToxic(name: string): void {
    this.getToxic(name);
    this.toxics.delete(name);
    for (const connection of this.connections) connection.detachToxic(name);
  }

  resetToxics(): void {
    for (const name of [...this.toxics.keys()]) this.removeToxic(name);
  }

  toJSON(): ProxyJson {
    return { name: this.name, listen: this.listen, upstream: this.upstream, enabled: this.enabled, toxics: this.listToxics() };
  }

  private accept(client: Socket): void {
    client.on("error", () => {});
    if (!this.options.budget.tryAcquire()) {
      this.options.log("conn.rejected", { proxy: this.name, reason: `connection limit ${this.options.budget.max} reached` });
      client.destroy();
      return;
    }
    const connection = new Connection(this.name, client, parseUpstream(this.upstream), () => this.listToxics(), this.options);
    this.connections.add(connection);
    void connection.done.then(() => {
      this.connections.delete(connection);
      this.options.budget.release();
    });
  }
}
