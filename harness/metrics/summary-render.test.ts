import { describe, expect, it } from "vitest";
import { defaultSlo } from "../slo/slo.ts";
import { metricCatalogue } from "./metric-catalogue.ts";
import { buildSummary, type RunInfo } from "./run-summary.ts";
import { renderMarkdown } from "./summary-markdown.ts";
import { renderSummaryTable } from "./summary-table.ts";

const run: RunInfo = { started: "s", finished: "f", engine: "podman", rootless: true, profile: "reference" };
const at = "2025-01-01T00:00:00.000Z";
const summary = buildSummary(
  [
    { id: "inference.p95_ms", status: "measured", value: 412.25, recordedAt: at },
    { id: "startup.success_ratio", status: "measured", value: 1, recordedAt: at },
    { id: "security.failed_checks", status: "not-run", reason: "needs | pipes\nand lines", recordedAt: at },
  ],
  metricCatalogue,
  defaultSlo,
  run,
);

describe("renderSummaryTable", () => {
  const table = renderSummaryTable(summary);
  const lines = table.split("\n");

  it("fits one screen with a row per metric and aligned columns", () => {
    expect(lines).toHaveLength(metricCatalogue.length + 4);
    expect(lines.every((line) => line.length <= 160)).toBe(true);
    const header = lines[1] ?? "";
    const valueColumn = header.indexOf("value");
    const p95 = lines.find((line) => line.startsWith("inference.p95_ms")) ?? "";
    expect(p95.slice(valueColumn).startsWith("412 ms")).toBe(true);
    expect(p95).toMatch(/<= 300 ms\s+FAIL/);
  });

  it("shows not-run reasons on one line and the gate result", () => {
    expect(table).toMatch(/security\.failed_checks .*NOT-RUN\s+needs \| pipes and lines/);
    expect(table).toMatch(/suite has not run/);
    expect(lines.at(-1)).toMatch(/^gate: FAIL/);
  });
});

describe("renderMarkdown", () => {
  const markdown = renderMarkdown(summary);

  it("renders a table with escaped cells and the gate headline", () => {
    expect(markdown).toMatch(/^## Chaos validation: ❌ gate failed/);
    expect(markdown).toContain("| `inference.p95_ms` | 412 ms | <= 300 ms | ❌ fail |");
    expect(markdown).toContain("needs \\| pipes and lines");
    const tableRows = markdown.split("\n").filter((line) => line.startsWith("| `"));
    expect(tableRows).toHaveLength(metricCatalogue.length);
  });
});
