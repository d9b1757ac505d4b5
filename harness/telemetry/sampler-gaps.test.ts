import { describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Dockerode from "dockerode";
import referenceProfile from "../../stack/reference.profile.ts";
import { StartedStack, type StackInfo } from "../stack/launcher/started-stack.ts";
import { waitUntil } from "../util/wait-until.ts";
import { startSampler } from "./sampler.ts";

/** A port on loopback that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("startSampler when nothing answers", () => {
  it("records every probe as a gap with its error and keeps ticking until stopped", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sampler-gaps-"));
    try {
      const port = await closedPort();
      const secret = join(dir, "redis_password");
      await writeFile(secret, "pw");
      const services = ["redis", "api", "inference"].map((name) => ({
        name,
        containerName: name,
        containerId: `${name}000000000000`,
        image: "none",
        timeToReadyMs: 0,
        healthcheckShell: undefined,
        published: { [name === "redis" ? 6379 : name === "api" ? 8000 : 8080]: { host: "127.0.0.1", port } },
      }));
      const info = { prefix: "gaps", services, networks: {}, volumes: {}, findings: [], access: undefined, model: { secrets: { redis_password: { file: secret } } } } as unknown as StackInfo;
      // an engine socket that does not exist: every inspect fails like a removed container would
      const stack = new StartedStack(info, referenceProfile, new Dockerode({ socketPath: join(dir, "no-engine.sock") }));
      const sampler = startSampler(stack, referenceProfile, { intervalMs: 100, probeTimeoutMs: 500 });
      await waitUntil(() => sampler.snapshot().ticks.length >= 3, { timeoutMs: 10_000, what: "three ticks" });
      const series = await sampler.stop();
      const ticksAtStop = series.ticks.length;
      for (const tick of series.ticks) {
        expect(tick.services.map((sample) => [sample.service, sample.ok])).toEqual([["redis", false], ["api", false], ["inference", false]]);
        expect(tick.redis).toMatchObject({ service: "redis", ok: false, error: expect.stringMatching(/INFO/) });
        expect(tick.scrapes.map((sample) => [sample.service, sample.ok])).toEqual([["api", false], ["inference", false]]);
      }
      expect(series.ticks[0]!.services[0]).toMatchObject({ error: expect.stringMatching(/^inspect: /) });
      await waitUntil(() => Date.now() - series.stoppedAtMs > 300, { timeoutMs: 2_000, intervalMs: 50, what: "three intervals after stop" });
      expect(sampler.snapshot().ticks.length).toBe(ticksAtStop);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
