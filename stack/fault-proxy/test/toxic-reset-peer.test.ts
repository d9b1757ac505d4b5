import { describe, expect } from "vitest";
import { api, roundTripMs, test } from "./fixtures.js";

describe("reset_peer toxic", () => {
  test("resets the connection its timeout after data first reaches it, swallowing that data", async ({ faultProxy, echoProxyPort, clients }) => {
    const client = await clients(echoProxyPort);
    await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "reset_peer", attributes: { timeout: 150 } });
    await expect(client.receive(1, 100)).rejects.toThrow(/received 0 of 1/);
    const sentAt = performance.now();
    client.socket.write("doomed");
    expect(await client.ended).toBe("ECONNRESET");
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(140);
    expect(client.received().length).toBe(0);
  });

  test("with timeout 0 resets at the first upstream byte", async ({ faultProxy, echoProxyPort, clients }) => {
    await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "reset_peer", stream: "upstream", attributes: { timeout: 0 } });
    const client = await clients(echoProxyPort);
    client.socket.write("x");
    expect(await client.ended).toBe("ECONNRESET");
  });

  test("toxicity 0 leaves connections untouched", async ({ faultProxy, echoProxyPort, clients }) => {
    await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "reset_peer", toxicity: 0, attributes: { timeout: 0 } });
    const client = await clients(echoProxyPort);
    expect(await roundTripMs(client, Buffer.from("safe"))).toBeLessThan(100);
  });
});
