import { describe, expect } from "vitest";
import { Toxiproxy, ToxiproxyError, type Latency } from "toxiproxy-node-client";
import { listenPort, roundTripMs, test } from "./fixtures.js";

// The compatibility proof: the real Toxiproxy client library drives this proxy end to end.
describe("toxiproxy-node-client against the fault proxy", () => {
  test("creates a proxy, adds, updates and removes a toxic, deletes the proxy", async ({ faultProxy, echoUpstream, clients }) => {
    const toxiproxy = new Toxiproxy(faultProxy.url);
    expect(JSON.parse(await toxiproxy.getVersion())).toMatchObject({ version: expect.any(String) });

    const proxy = await toxiproxy.createProxy({ name: "compat", listen: "127.0.0.1:0", upstream: echoUpstream.address });
    expect(proxy.enabled).toBe(true);
    const client = await clients(listenPort(proxy.listen));
    expect(await roundTripMs(client, Buffer.from("hi"))).toBeLessThan(100);

    const toxic = await proxy.addToxic<Latency>({
      name: "lag",
      type: "latency",
      stream: "downstream",
      toxicity: 1,
      attributes: { latency: 120, jitter: 0 },
    });
    expect(toxic.toJson()).toEqual({ name: "lag", type: "latency", stream: "downstream", toxicity: 1, attributes: { latency: 120, jitter: 0 } });
    expect(await roundTripMs(client, Buffer.from("hi"))).toBeGreaterThanOrEqual(120);

    const fetched = await proxy.getToxic<Latency>("lag");
    const updated = await fetched.update({ ...fetched.toJson(), attributes: { latency: 10, jitter: 0 } });
    expect(updated.attributes.latency).toBe(10);

    await updated.remove();
    expect(await roundTripMs(client, Buffer.from("hi"))).toBeLessThan(100);
    const toxics = await fetch(`${faultProxy.url}/proxies/compat/toxics`).then((r) => r.json());
    expect(toxics).toEqual([]);

    const all = await toxiproxy.getAll();
    expect(Object.keys(all)).toEqual(["compat"]);

    const disabled = await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    expect(disabled.enabled).toBe(false);
    await toxiproxy.reset();
    expect((await toxiproxy.get("compat")).enabled).toBe(true);

    await proxy.remove();
    await expect(toxiproxy.get("compat")).rejects.toBeInstanceOf(ToxiproxyError);
  });

  test("populates several proxies at once", async ({ faultProxy, echoUpstream }) => {
    const toxiproxy = new Toxiproxy(faultProxy.url);
    const proxies = await toxiproxy.populate([
      { name: "one", listen: "127.0.0.1:0", upstream: echoUpstream.address },
      { name: "two", listen: "127.0.0.1:0", upstream: echoUpstream.address },
    ]);
    expect(Object.keys(proxies).sort()).toEqual(["one", "two"]);
    expect(proxies.one?.listen).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  test("surfaces API errors as ToxiproxyError", async ({ faultProxy, echoUpstream }) => {
    const toxiproxy = new Toxiproxy(faultProxy.url);
    await toxiproxy.createProxy({ name: "dup", listen: "127.0.0.1:0", upstream: echoUpstream.address });
    await expect(toxiproxy.createProxy({ name: "dup", listen: "127.0.0.1:0", upstream: echoUpstream.address })).rejects.toThrow(/409/);
  });
});
