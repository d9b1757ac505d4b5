import { randomBytes } from "node:crypto";
import { describe, expect } from "vitest";
import { api, roundTripMs, test } from "./fixtures.js";

describe("bandwidth toxic", () => {
  test("limits throughput to roughly the rate in KB/s", async ({ faultProxy, echoProxyPort, clients }) => {
    const payload = randomBytes(100_000);
    const client = await clients(echoProxyPort);
    const baselineMs = await roundTripMs(client, payload);
    await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "bandwidth", attributes: { rate: 200 } });
    const limitedMs = await roundTripMs(client, payload);
    // 100 000 bytes at 200 KB/s is 500 ms.
    expect(baselineMs).toBeLessThan(200);
    expect(limitedMs).toBeGreaterThanOrEqual(400);
    expect(limitedMs).toBeLessThan(1_500);
  });
});
