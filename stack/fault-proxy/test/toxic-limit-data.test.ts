import { randomBytes } from "node:crypto";
import { describe, expect } from "vitest";
import { api, listenPort, startUpstream, test } from "./fixtures.js";

describe("limit_data toxic", () => {
  test("passes exactly the first N downstream bytes, then closes", async ({ faultProxy, echoProxyPort, clients }) => {
    await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "limit_data", attributes: { bytes: 1000 } });
    const client = await clients(echoProxyPort);
    const payload = randomBytes(5000);
    client.socket.write(payload);
    expect(["end", "close"]).toContain(await client.ended);
    expect(client.received().equals(payload.subarray(0, 1000))).toBe(true);
  });

  test("limits the upstream stream on its own", async ({ faultProxy, clients }) => {
    const received: Buffer[] = [];
    const sink = await startUpstream((socket) => socket.on("data", (chunk: Buffer) => received.push(chunk)));
    try {
      const created = await api(faultProxy, "POST", "/proxies", { name: "sink", listen: "127.0.0.1:0", upstream: sink.address });
      await api(faultProxy, "POST", "/proxies/sink/toxics", { type: "limit_data", stream: "upstream", attributes: { bytes: 10 } });
      const client = await clients(listenPort(created.json.listen));
      client.socket.write("0123456789abcdef");
      await client.ended;
      await expect.poll(() => Buffer.concat(received).toString()).toBe("0123456789");
    } finally {
      await sink.close();
    }
  });
});
