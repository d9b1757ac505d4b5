// Proves the chain: testcontainers -> rootless Podman API -> base image -> tmpfs -> ioredis.
import { expect } from "vitest";
import { GenericContainer, Network, PullPolicy, Wait } from "testcontainers";
import { Redis } from "ioredis";
import { engineTest as test } from "./support/engine-fixture.ts";

test("redis on a tmpfs /data loses its data across a restart", async ({ engine }) => {
  await using network = await new Network().start();
  const container = await new GenericContainer(engine.baseImage)
    .withPullPolicy(PullPolicy.neverPull())
    .withLabels(engine.labels)
    .withNetwork(network)
    .withNetworkAliases("redis")
    .withUser("10001:10001")
    .withTmpFs({ "/data": "rw,size=64m,mode=1777" })
    .withCommand(["redis-server", "--port", "6379", "--dir", "/data", "--save", "", "--appendonly", "no", "--protected-mode", "no"])
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage("Ready to accept connections"))
    .start();
  await using _stop = { [Symbol.asyncDispose]: async () => void (await container.stop({ timeout: 0 })) };
  const connect = () => new Redis({ host: container.getHost(), port: container.getMappedPort(6379), lazyConnect: true, maxRetriesPerRequest: 1 });

  const before = connect();
  await before.connect();
  await before.set("chain:key", "value-1");
  expect(await before.get("chain:key")).toBe("value-1");
  await before.save(); // dump.rdb lands on the tmpfs
  const listing = await container.exec(["ls", "/data"]);
  expect(listing.output).toContain("dump.rdb");
  before.disconnect();

  await container.restart();
  await expect.poll(async () => (await container.logs()).readable, { timeout: 10_000 }).toBe(true);
  const after = connect();
  await expect.poll(async () => after.connect().then(() => true, () => false), { timeout: 15_000, interval: 200 }).toBe(true);
  expect(await after.get("chain:key")).toBeNull();
  expect((await container.exec(["ls", "/data"])).output.trim()).toBe("");
  after.disconnect();
});
