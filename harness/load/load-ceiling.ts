import { Worker } from "node:worker_threads";
import type { LoadResult } from "./load-options.ts";
import { runLoad } from "./run-load.ts";

export interface LoadCeiling {
  /** Closed-loop (autocannon) requests/s against an endpoint that does no work. */
  closedLoopPerSec: number;
  closedLoopP99Ms: number | null;
  /** The open-loop scheduler run at the closed-loop ceiling: what it actually sustained. */
  openLoopSustainedPerSec: number;
  openLoopP99Ms: number | null;
  openLoopMaxScheduleLagMs: number;
}

export interface MeasureCeilingOptions {
  durationMs?: number;
  connections?: number;
}

// CommonJS source for an eval'd worker: the trivial endpoint gets its own thread, so the measurement
// is the generator's limit, not one event loop shared by client and server.
const trivialEndpointSource = `
const { parentPort } = require("node:worker_threads");
const http = require("node:http");
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "content-type": "text/plain", "content-length": "2" });
  res.end("ok");
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
`;

async function withTrivialEndpoint<T>(use: (url: string) => Promise<T>): Promise<T> {
  const worker = new Worker(trivialEndpointSource, { eval: true });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    return await use(`http://127.0.0.1:${port}/`);
  } finally {
    await worker.terminate();
  }
}

/** The load generator's own limits on loopback; a suite whose load approaches them measured the generator. */
export async function measureCeiling(options: MeasureCeilingOptions = {}): Promise<LoadCeiling> {
  const durationMs = options.durationMs ?? 2_000;
  const connections = options.connections ?? 16;
  return withTrivialEndpoint(async (url) => {
    const closed = await runLoad({ target: { url }, mode: { kind: "closed", connections, durationMs }, timeoutMs: 5_000 });
    const rate = Math.max(1, Math.floor(closed.throughputPerSec));
    const open = await runLoad({
      target: { url },
      mode: { kind: "open", ratePerSec: rate, durationMs, connections },
      timeoutMs: 5_000,
    });
    return {
      closedLoopPerSec: closed.throughputPerSec,
      closedLoopP99Ms: closed.latency.p99Ms,
      openLoopSustainedPerSec: open.throughputPerSec,
      openLoopP99Ms: open.latency.p99Ms,
      openLoopMaxScheduleLagMs: open.maxScheduleLagMs ?? 0,
    };
  });
}

/** True when a run's throughput is close enough to the generator's ceiling that its numbers are suspect. */
export function generatorMayBeBottleneck(result: LoadResult, ceiling: LoadCeiling, headroomRatio = 0.5): boolean {
  const limit = result.mode === "closed" ? ceiling.closedLoopPerSec : ceiling.openLoopSustainedPerSec;
  return result.throughputPerSec >= limit * headroomRatio;
}
