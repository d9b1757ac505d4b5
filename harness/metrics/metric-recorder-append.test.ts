import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { MetricRecorder, readMetricRecords } from "./metric-recorder.ts";

const run = promisify(execFile);
const dir = await mkdtemp(join(tmpdir(), "metric-recorder-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("MetricRecorder", () => {
  it("appends measured and not-run records that read back in order", async () => {
    const file = join(dir, "nested", "metrics.jsonl");
    const recorder = new MetricRecorder(file, { source: "suites/latency", now: () => new Date(0) });
    await recorder.record("inference.p95_ms", 120.5, "p95 of 400 requests");
    await recorder.notRun("ttft", "model does not stream");
    expect(await readMetricRecords(file)).toEqual([
      { id: "inference.p95_ms", status: "measured", value: 120.5, recordedAt: "1970-01-01T00:00:00.000Z", source: "suites/latency", detail: "p95 of 400 requests" },
      { id: "ttft", status: "not-run", reason: "model does not stream", recordedAt: "1970-01-01T00:00:00.000Z", source: "suites/latency" },
    ]);
  });

  it("refuses non-finite values", async () => {
    await expect(new MetricRecorder(join(dir, "x.jsonl")).record("a", Number.NaN)).rejects.toThrow(/finite/);
  });

  it("reads a missing file as no records and names the line of a corrupt one", async () => {
    expect(await readMetricRecords(join(dir, "absent.jsonl"))).toEqual([]);
    const file = join(dir, "corrupt.jsonl");
    await new MetricRecorder(file).record("a", 1);
    await new MetricRecorder(file).record("b", 2);
    const { appendFile } = await import("node:fs/promises");
    await appendFile(file, '{"id":"c"}\n');
    await expect(readMetricRecords(file)).rejects.toThrow(/corrupt\.jsonl:3: not a metric record/);
  });

  it("keeps every line intact when several processes append at once", async () => {
    const file = join(dir, "concurrent.jsonl");
    const recorderModule = fileURLToPath(new URL("./metric-recorder.ts", import.meta.url));
    const writers = 4;
    const perWriter = 200;
    const script = (writer: number): string => `
      const { MetricRecorder } = await import(${JSON.stringify(recorderModule)});
      const recorder = new MetricRecorder(${JSON.stringify(file)}, { source: "writer-${writer}-${"x".repeat(300)}" });
      await Promise.all(Array.from({ length: ${perWriter} }, (_, i) => recorder.record("m.${writer}." + i, i)));
    `;
    await Promise.all(
      Array.from({ length: writers }, (_, writer) =>
        run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script(writer)], { timeout: 20_000 }),
      ),
    );
    const text = await readFile(file, "utf8");
    const records = await readMetricRecords(file);
    expect(text.split("\n").filter(Boolean)).toHaveLength(writers * perWriter);
    expect(new Set(records.map((record) => record.id)).size).toBe(writers * perWriter);
  });
});
