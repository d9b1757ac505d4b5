import { describe, expect } from "vitest";
import { api, listenPort, test } from "./fixtures.js";

describe("Toxiproxy HTTP API: status codes and shapes", () => {
  test("GET /version answers JSON with a version", async ({ faultProxy }) => {
    const res = await api(faultProxy, "GET", "/version");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ version: expect.any(String) });
  });

  test("proxy create is 201 with the resolved listen address; a duplicate is 409", async ({ faultProxy, echoUpstream }) => {
    const body = { name: "p", listen: "127.0.0.1:0", upstream: echoUpstream.address };
    const created = await api(faultProxy, "POST", "/proxies", body);
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ name: "p", listen: expect.stringMatching(/^127\.0\.0\.1:\d+$/), upstream: echoUpstream.address, enabled: true, toxics: [] });
    expect(listenPort(created.json.listen)).toBeGreaterThan(0);
    const duplicate = await api(faultProxy, "POST", "/proxies", body);
    expect(duplicate.status).toBe(409);
    expect(duplicate.json).toEqual({ error: "proxy already exists", status: 409 });
  });

  test("bad proxy bodies are 400, a busy listen address is 500", async ({ faultProxy, echoProxyPort, echoUpstream }) => {
    expect((await api(faultProxy, "POST", "/proxies", "{not json")).status).toBe(400);
    expect((await api(faultProxy, "POST", "/proxies", "")).json).toEqual({ error: "bad request body: EOF", status: 400 });
    expect((await api(faultProxy, "POST", "/proxies", { upstream: echoUpstream.address })).json).toEqual({
      error: "missing required field: name",
      status: 400,
    });
    expect((await api(faultProxy, "POST", "/proxies", { name: "x" })).json.error).toBe("missing required field: upstream");
    expect((await api(faultProxy, "POST", "/proxies", { name: "x", upstream: "no-port" })).status).toBe(400);
    const busy = await api(faultProxy, "POST", "/proxies", { name: "busy", listen: `127.0.0.1:${echoProxyPort}`, upstream: echoUpstream.address });
    expect(busy.status).toBe(500);
    expect(busy.json.error).toMatch(/EADDRINUSE/);
  });

  test("GET /proxies maps names to proxies with their toxics", async ({ faultProxy, echoProxyPort }) => {
    await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "latency", attributes: { latency: 1 } });
    const res = await api(faultProxy, "GET", "/proxies");
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual(["echo"]);
    expect(res.json.echo.listen).toBe(`127.0.0.1:${echoProxyPort}`);
    expect(res.json.echo.toxics).toHaveLength(1);
  });

  test("unknown proxies and toxics are 404", async ({ faultProxy, echoProxyPort }) => {
    expect(echoProxyPort).toBeGreaterThan(0);
    expect((await api(faultProxy, "GET", "/proxies/missing")).json).toEqual({ error: "proxy not found", status: 404 });
    expect((await api(faultProxy, "DELETE", "/proxies/missing")).status).toBe(404);
    expect((await api(faultProxy, "POST", "/proxies/missing/toxics", { type: "latency" })).status).toBe(404);
    expect((await api(faultProxy, "GET", "/proxies/echo/toxics/missing")).json).toEqual({ error: "toxic not found", status: 404 });
    expect((await api(faultProxy, "DELETE", "/proxies/echo/toxics/missing")).status).toBe(404);
    expect((await api(faultProxy, "GET", "/nowhere")).status).toBe(404);
  });

  test("toxic create is 200 with Toxiproxy's defaults; duplicates 409, bad type or stream 400", async ({ faultProxy, echoProxyPort }) => {
    expect(echoProxyPort).toBeGreaterThan(0);
    const created = await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "latency", attributes: { latency: 10 } });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      name: "latency_downstream",
      type: "latency",
      stream: "downstream",
      toxicity: 1,
      attributes: { latency: 10, jitter: 0 },
    });
    expect((await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "latency" })).json).toEqual({
      error: "toxic already exists",
      status: 409,
    });
    expect((await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "down" })).json).toEqual({ error: "invalid toxic type", status: 400 });
    expect((await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "latency", stream: "sideways" })).status).toBe(400);
    expect((await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "timeout", toxicity: 50 })).status).toBe(400);
    expect((await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "timeout", attributes: { timeout: "5" } })).status).toBe(400);
  });

  test("toxic show, list, update and delete", async ({ faultProxy, echoProxyPort }) => {
    expect(echoProxyPort).toBeGreaterThan(0);
    await api(faultProxy, "POST", "/proxies/echo/toxics", { name: "cut", type: "limit_data", stream: "upstream", attributes: { bytes: 5 } });
    expect((await api(faultProxy, "GET", "/proxies/echo/toxics/cut")).json.attributes).toEqual({ bytes: 5 });
    const updated = await api(faultProxy, "POST", "/proxies/echo/toxics/cut", { toxicity: 0.5, attributes: { bytes: 9 } });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ name: "cut", stream: "upstream", toxicity: 0.5, attributes: { bytes: 9 } });
    expect((await api(faultProxy, "PATCH", "/proxies/echo/toxics/cut", { attributes: { bytes: 7 } })).json.toxicity).toBe(0.5);
    expect((await api(faultProxy, "GET", "/proxies/echo/toxics")).json).toHaveLength(1);
    expect((await api(faultProxy, "DELETE", "/proxies/echo/toxics/cut")).status).toBe(204);
    expect((await api(faultProxy, "GET", "/proxies/echo/toxics")).json).toEqual([]);
  });

  test("proxy update and delete", async ({ faultProxy, echoProxyPort }) => {
    const disabled = await api(faultProxy, "POST", "/proxies/echo", { enabled: false });
    expect(disabled.status).toBe(200);
    expect(disabled.json).toMatchObject({ name: "echo", enabled: false, listen: `127.0.0.1:${echoProxyPort}` });
    expect((await api(faultProxy, "DELETE", "/proxies/echo")).status).toBe(204);
    expect((await api(faultProxy, "GET", "/proxies/echo")).status).toBe(404);
  });

  test("POST /populate creates proxies as 201 {proxies: [...]}", async ({ faultProxy, echoUpstream }) => {
    const res = await api(faultProxy, "POST", "/populate", [
      { name: "a", listen: "127.0.0.1:0", upstream: echoUpstream.address },
      { name: "b", listen: "127.0.0.1:0", upstream: echoUpstream.address, enabled: false },
    ]);
    expect(res.status).toBe(201);
    expect(res.json.proxies.map((p: { name: string; enabled: boolean }) => [p.name, p.enabled])).toEqual([
      ["a", true],
      ["b", false],
    ]);
    expect((await api(faultProxy, "POST", "/populate", { name: "not-an-array" })).status).toBe(400);
  });

  test("POST /reset enables every proxy and removes every toxic", async ({ faultProxy, echoProxyPort }) => {
    expect(echoProxyPort).toBeGreaterThan(0);
    await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "timeout" });
    await api(faultProxy, "POST", "/proxies/echo", { enabled: false });
    expect((await api(faultProxy, "POST", "/reset")).status).toBe(204);
    expect((await api(faultProxy, "GET", "/proxies/echo")).json).toMatchObject({ enabled: true, toxics: [] });
  });

  test("refuses browsers, as Toxiproxy does", async ({ faultProxy }) => {
    const res = await fetch(`${faultProxy.url}/proxies`, { headers: { "user-agent": "Mozilla/5.0" } });
    expect(res.status).toBe(403);
    await res.text();
  });
});
