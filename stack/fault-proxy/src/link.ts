import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import type { Stream, ToxicSpec, ToxicType } from "./toxic-spec.js";

export type CloseMode = "graceful" | "reset" | "destroy";

export interface LinkOwner {
  close(reason: string, mode: CloseMode): void;
}

interface ToxicState {
  readonly spec: ToxicSpec;
  /** Rolled once per connection against toxicity, as Toxiproxy does. */
  readonly active: boolean;
  sentBytes: number;
  timer: NodeJS.Timeout | undefined;
}

interface Chunk {
  readonly data: Buffer;
  readonly arrivedAtMs: number;
  /** Jitter is sampled once per chunk and toxic, so re-evaluating a wait does not re-roll it. */
  readonly latencyMs: Map<ToxicState, number>;
}

const END = Symbol("end");
const highWaterBytes = 1 << 20;
const lowWaterBytes = 256 << 10;
/** Bandwidth writes at most this much time's worth of data at once, so the rate stays smooth. */
const bandwidthSliceMs = 100;

/**
 * One direction of a proxied connection: reads `source`, applies this stream's toxics per chunk and
 * writes `dest`. Toxics can be attached or detached while data flows; every wait re-checks them.
 */
export class Link {
  bytes = 0;
  private readonly queue: Array<Chunk | typeof END> = [];
  private queuedBytes = 0;
  private readonly states = new Map<string, ToxicState>();
  private wake: (() => void) | undefined;
  private closed = false;
  private paceAtMs = 0;

  constructor(
    readonly stream: Stream,
    private readonly source: Socket,
    private readonly dest: Socket,
    private readonly owner: LinkOwner,
    private readonly random: () => number,
  ) {}

  start(toxics: Iterable<ToxicSpec>): void {
    for (const spec of toxics) this.attach(spec);
    this.source.on("data", (data: Buffer) => this.enqueue(data));
    this.source.on("end", () => {
      this.queue.push(END);
      this.armResets();
      this.signal();
    });
    this.pump().catch((err: unknown) => {
      this.owner.close(`${this.stream} link failed: ${err instanceof Error ? err.message : String(err)}`, "destroy");
    });
  }

  /** Adds or replaces a toxic; a replaced limit_data keeps its byte count. */
  attach(spec: ToxicSpec): void {
    if (spec.stream !== this.stream || this.closed) return;
    const previous = this.states.get(spec.name);
    if (previous) clearTimeout(previous.timer);
    const state: ToxicState = {
      spec,
      active: this.random() < spec.toxicity,
      sentBytes: previous?.sentBytes ?? 0,
      timer: undefined,
    };
    this.states.set(spec.name, state);
    if (state.active) this.armTimeout(state);
    if (this.queue.length > 0) this.armResets();
    this.signal();
  }

  detach(name: string): void {
    const state = this.states.get(name);
    if (!state) return;
    clearTimeout(state.timer);
    this.states.delete(name);
    this.signal();
  }

  close(): void {
    this.closed = true;
    for (const state of this.states.values()) clearTimeout(state.timer);
    this.queue.length = 0;
    this.signal();
  }

  private armTimeout(state: ToxicState): void {
    const { type, name, attributes } = state.spec;
    const timeoutMs = attributes.timeout ?? 0;
    if (type === "timeout" && timeoutMs > 0) {
      state.timer = setTimeout(() => this.owner.close(`timeout toxic ${name}`, "graceful"), timeoutMs);
    }
  }

  /** Toxiproxy's reset_peer starts its countdown when data (or EOF) first reaches it, not when added. */
  private armResets(): void {
    for (const state of this.activeOf("reset_peer")) {
      if (state.timer) continue;
      const { name, attributes } = state.spec;
      state.timer = setTimeout(() => this.owner.close(`reset_peer toxic ${name}`, "reset"), attributes.timeout ?? 0);
    }
  }

  private enqueue(data: Buffer): void {
    if (this.closed) return;
    this.queue.push({ data, arrivedAtMs: performance.now(), latencyMs: new Map() });
    this.queuedBytes += data.length;
    if (this.queuedBytes > highWaterBytes) this.source.pause();
    this.armResets();
    this.signal();
  }

  private async pump(): Promise<void> {
    while (!this.closed) {
      const head = this.queue[0];
      if (head === undefined || this.held() || (head === END && this.resetting())) {
        await this.waitSignal();
        continue;
      }
      if (head !== END && this.resetting()) {
        // reset_peer swallows data while its countdown runs, as Toxiproxy's does.
        this.dequeue(head);
        continue;
      }
      if (head === END) {
        await this.slowClose();
        if (!this.closed && !this.dest.destroyed) this.dest.end();
        return;
      }
      const dueMs = head.arrivedAtMs + this.latencyOf(head);
      if (performance.now() < dueMs) {
        await this.waitSignal(dueMs - performance.now());
        continue;
      }
      this.dequeue(head);
      await this.deliver(head.data);
    }
  }

  private dequeue(head: Chunk): void {
    this.queue.shift();
    this.queuedBytes -= head.data.length;
    if (this.source.isPaused() && this.queuedBytes <= lowWaterBytes) this.source.resume();
  }

  private async deliver(data: Buffer): Promise<void> {
    let offset = 0;
    while (offset < data.length && !this.closed) {
      if (this.held()) {
        await this.waitSignal();
        continue;
      }
      const limit = this.limitRemaining();
      if (limit?.remaining === 0) return this.owner.close(`limit_data toxic ${limit.name}`, "graceful");
      const slicer = this.activeOf("slicer")[0];
      const rate = this.rate();
      let size = data.length - offset;
      if (slicer) size = Math.min(size, this.sliceSize(slicer.spec));
      if (rate > 0) size = Math.min(size, rate * bandwidthSliceMs);
      if (limit) size = Math.min(size, limit.remaining);
      size = Math.max(1, Math.floor(size));
      const piece = data.subarray(offset, offset + size);
      offset += piece.length;
      if (rate > 0) await this.pace(piece.length / rate, () => this.rate() > 0);
      if (this.closed) return;
      await this.write(piece);
      for (const state of this.activeOf("limit_data")) state.sentBytes += piece.length;
      if (slicer && offset < data.length) {
        await this.pace((slicer.spec.attributes.delay ?? 0) / 1000, () => this.activeOf("slicer").length > 0);
      }
    }
    const limit = this.limitRemaining();
    if (limit?.remaining === 0) this.owner.close(`limit_data toxic ${limit.name}`, "graceful");
  }

  private async write(piece: Buffer): Promise<void> {
    if (this.dest.destroyed || !this.dest.writable) return;
    this.bytes += piece.length;
    if (this.dest.write(piece)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.dest.off("drain", done);
        this.dest.off("close", done);
        resolve();
      };
      this.dest.on("drain", done);
      this.dest.on("close", done);
    });
  }

  private async slowClose(): Promise<void> {
    const delays = this.activeOf("slow_close").map((s) => s.spec.attributes.delay ?? 0);
    if (delays.length === 0) return;
    const dueMs = performance.now() + Math.max(...delays);
    while (!this.closed && this.activeOf("slow_close").length > 0 && performance.now() < dueMs) {
      await this.waitSignal(dueMs - performance.now());
    }
  }

  /** Waits `ms` on a schedule that accumulates, so many small writes still average to the rate. */
  private async pace(ms: number, stillApplies: () => boolean): Promise<void> {
    const now = performance.now();
    this.paceAtMs = Math.max(this.paceAtMs, now) + ms;
    const dueMs = this.paceAtMs;
    while (!this.closed && stillApplies() && performance.now() < dueMs) {
      await this.waitSignal(dueMs - performance.now());
    }
  }

  private activeOf(type: ToxicType): ToxicState[] {
    return [...this.states.values()].filter((s) => s.active && s.spec.type === type);
  }

  private held(): boolean {
    return this.activeOf("timeout").length > 0;
  }

  private resetting(): boolean {
    return this.activeOf("reset_peer").length > 0;
  }

  private rate(): number {
    const rates = this.activeOf("bandwidth")
      .map((s) => s.spec.attributes.rate ?? 0)
      .filter((r) => r > 0);
    return rates.length === 0 ? 0 : Math.min(...rates);
  }

  private latencyOf(chunk: Chunk): number {
    let total = 0;
    for (const state of this.activeOf("latency")) {
      let ms = chunk.latencyMs.get(state);
      if (ms === undefined) {
        const { latency = 0, jitter = 0 } = state.spec.attributes;
        ms = Math.max(0, latency + (jitter > 0 ? (this.random() * 2 - 1) * jitter : 0));
        chunk.latencyMs.set(state, ms);
      }
      total += ms;
    }
    return total;
  }

  private limitRemaining(): { name: string; remaining: number } | undefined {
    let tightest: { name: string; remaining: number } | undefined;
    for (const state of this.activeOf("limit_data")) {
      const remaining = Math.max(0, (state.spec.attributes.bytes ?? 0) - state.sentBytes);
      if (!tightest || remaining < tightest.remaining) tightest = { name: state.spec.name, remaining };
    }
    return tightest;
  }

  private sliceSize(spec: ToxicSpec): number {
    const { average_size: average = 0, size_variation: variation = 0 } = spec.attributes;
    if (average <= 0) return Number.POSITIVE_INFINITY;
    return Math.max(1, Math.round(average + (this.random() * 2 - 1) * Math.min(variation, average - 1)));
  }

  private waitSignal(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      if (ms !== undefined) timer = setTimeout(done, Math.max(1, Math.ceil(ms)));
      this.wake = done;
    });
  }

  private signal(): void {
    this.wake?.();
  }
}
