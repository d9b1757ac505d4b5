import { describe, expect } from "vitest";
import { api, test } from "./fixtures.js";

describe("timeout toxic", () => {
  test("with timeout 0 holds all data until the toxic is removed", async ({ faultProxy, echoProxyPort, clients }) => {
    await api(faultProxy, "POST", "/proxies/echo/toxics", { name: "stall", type: "timeout", attributes: { timeout: 0 } });
    const client = await clients(echoProxyPort);
    client.socket.write("held");
    await expect(client.receive(4, 300)).rejects.toThrow(/received 0 of 4/);
    await api(faultProxy, "DELETE", "/proxies/echo/toxics/stall");
    expect((await client.receive(4)).toString()).toBe("held");
  });

  test("closes the connection after the timeout without passing data", async ({ faultProxy, echoProxyPort, clients }) => {
    await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "timeout", stream: "upstream", attributes: { timeout: 200 } });
    const client = await clients(echoProxyPort);
    const startedAt = performance.now();
    client.socket.write("never echoed");
    const how = await client.ended;
    const elapsedMs = performance.now() - startedAt;
    expect(["end", "close"]).toContain(how);
    expect(client.received().length).toBe(0);
    expect(elapsedMs).toBeGreaterThanOrEqual(180);
    expect(elapsedMs).toBeLessThan(1_000);
  });
});
