// A telemetry record as its own entry of the Allure results, for sampling that belongs to no single
// test (the shared stack beside a whole suite file). Failed when it has findings, so a reader sees them.
import { Status } from "allure-js-commons";
import { FileSystemWriter, ReporterRuntime } from "allure-js-commons/sdk/reporter";
import type { Attach, TelemetryReport } from "./telemetry-allure.ts";
import type { TelemetryFinding } from "./findings.ts";

export interface TelemetryResultInfo {
  resultsDir: string;
  name: string;
  fullName: string;
  labels: Record<string, string>;
  startMs: number;
}

/** Runs `report` with an attach into a fresh result, then writes that result. */
export async function writeTelemetryResult(info: TelemetryResultInfo, report: (attach: Attach) => Promise<TelemetryReport>): Promise<TelemetryReport> {
  const runtime = new ReporterRuntime({ writer: new FileSystemWriter({ resultsDir: info.resultsDir }) });
  const uuid = runtime.startTest({ name: info.name, fullName: info.fullName, start: info.startMs, labels: Object.entries(info.labels).map(([name, value]) => ({ name, value })) });
  const result = await report(async (name, content, contentType) => runtime.writeAttachment(uuid, null, name, Buffer.from(content), { contentType }));
  runtime.updateTest(uuid, (test) => {
    test.status = result.findings.length === 0 ? Status.PASSED : Status.FAILED;
    if (result.findings.length > 0) test.statusDetails = { message: findingLines(result.findings) };
  });
  runtime.stopTest(uuid, { stop: Date.now() });
  runtime.writeTest(uuid);
  return result;
}

function findingLines(findings: readonly TelemetryFinding[]): string {
  return findings.map((f) => `${f.time} ${f.service} ${f.metric}: ${f.message}`).join("\n");
}
