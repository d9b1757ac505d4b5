import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect } from "vitest";
import { openClient, test } from "./fixtures.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describe("fault proxy process", () => {
  test("logs JSON lines and exits 0 within 1 s of SIGTERM with live connections", async ({ echoUpstream }) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "-host", "127.0.0.1", "-port", "0"], {
      cwd: packageDir,
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const events: Array<Record<string, unknown>> = [];
      const started = new Promise<string>((resolve) => {
        createInterface({ input: child.stdout }).on("line", (line) => {
          const event = JSON.parse(line) as Record<string, unknown>;
          events.push(event);
          if (event.event === "api.start") resolve(String(event.listen));
        });
      });
      const apiUrl = `http://${await started}`;
      const created = await fetch(`${apiUrl}/proxies`, {
        method: "POST",
        body: JSON.stringify({ name: "live", listen: "127.0.0.1:0", upstream: echoUpstream.address }),
      }).then((r) => r.json() as Promise<{ listen: string }>);
      const client = await openClient(Number(created.listen.split(":")[1]));
      client.socket.write("x");
      await client.receive(1);

      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      const signalledAt = performance.now();
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(performance.now() - signalledAt).toBeLessThan(1_000);
      await client.ended;
      expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(["api", "conn.open", "shutdown"]));
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
