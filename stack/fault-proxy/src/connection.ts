import { connect, type Socket } from "node:net";
import type { HostPort } from "./address.js";
import { Link, type CloseMode } from "./link.js";
import type { Logger } from "./log.js";
import type { ToxicSpec } from "./toxic-spec.js";

export interface ConnectionOptions {
  readonly log: Logger;
  readonly random: () => number;
  readonly connectTimeoutMs: number;
  /** How long a graceful close may wait for peers to finish before the sockets are destroyed. */
  readonly closeGraceMs: number;
}

/** A client socket, its upstream socket, and the two links between them. */
export class Connection {
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private readonly upstreamSocket: Socket;
  private readonly links: Link[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly openedAtMs = Date.now();
  private readonly clientAddress: string;
  private closeReason: string | undefined;
  private closingGracefully = false;
  private openSockets = 2;
  private finished = false;

  constructor(
    private readonly proxyName: string,
    private readonly client: Socket,
    private readonly upstream: HostPort & { address: string },
    private readonly toxics: () => Iterable<ToxicSpec>,
    private readonly options: ConnectionOptions,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.clientAddress = `${client.remoteAddress ?? "?"}:${client.remotePort ?? "?"}`;
    this.upstreamSocket = connect({ host: upstream.host ?? "127.0.0.1", port: upstream.port, allowHalfOpen: true });
    this.watch(client, "client");
    this.watch(this.upstreamSocket, "upstream");
    const connectTimer = this.later(options.connectTimeoutMs, () => {
      this.close(`upstream connect timeout after ${options.connectTimeoutMs} ms`, "destroy");
    });
    this.upstreamSocket.once("connect", () => {
      this.forget(connectTimer);
      this.open();
    });
  }

  attachToxic(spec: ToxicSpec): void {
    for (const link of this.links) link.attach(spec);
  }

  detachToxic(name: string): void {
    for (const link of this.links) link.detach(name);
  }

  close(reason: string, mode: CloseMode): void {
    this.closeReason ??= reason;
    for (const link of this.links) link.close();
    for (const socket of [this.client, this.upstreamSocket]) {
      if (socket.destroyed) continue;
      if (mode === "reset") socket.resetAndDestroy();
      else if (mode === "destroy") socket.destroy();
      else {
        // Reading on lets the peer's FIN arrive, so the socket closes without an RST for unread data.
        socket.end();
        socket.resume();
      }
    }
    if (mode === "graceful" && !this.closingGracefully) {
      this.closingGracefully = true;
      this.later(this.options.closeGraceMs, () => this.close(reason, "destroy"));
    }
  }

  private open(): void {
    const owner = { close: (reason: string, mode: CloseMode) => this.close(reason, mode) };
    this.client.setNoDelay(true);
    this.upstreamSocket.setNoDelay(true);
    this.links.push(
      new Link("upstream", this.client, this.upstreamSocket, owner, this.options.random),
      new Link("downstream", this.upstreamSocket, this.client, owner, this.options.random),
    );
    for (const link of this.links) link.start(this.toxics());
    this.client.resume();
    this.options.log("conn.open", { proxy: this.proxyName, client: this.clientAddress, upstream: this.upstream.address });
  }

  private watch(socket: Socket, role: "client" | "upstream"): void {
    socket.on("error", (err: NodeJS.ErrnoException) => {
      this.closeReason ??= `${role} error ${err.code ?? err.message}`;
    });
    socket.once("close", (hadError: boolean) => {
      this.openSockets -= 1;
      if (this.openSockets === 0) return this.finish();
      this.closeReason ??= `${role} closed`;
      // After a clean close the links still deliver what they hold (latency, slow_close) and the FIN.
      if (hadError) this.close(this.closeReason, "destroy");
    });
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const link of this.links) link.close();
    const [up, down] = this.links;
    this.options.log("conn.close", {
      proxy: this.proxyName,
      client: this.clientAddress,
      upstream: this.upstream.address,
      reason: this.closeReason ?? "completed",
      bytesUpstream: up?.bytes ?? 0,
      bytesDownstream: down?.bytes ?? 0,
      durationMs: Date.now() - this.openedAtMs,
    });
    this.resolveDone();
  }

  private later(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private forget(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }
}
