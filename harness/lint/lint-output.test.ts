import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { formatReport, lintStack, toSarif } from "./index.ts";

const fixture = (p: string) => fileURLToPath(new URL(`./fixtures/${p}`, import.meta.url));
const root = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/lint-stack.ts", ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("lint output", () => {
  it("text: one line per finding with file:line, severity, rule, service, message and fix", async () => {
    const report = await lintStack(fixture("privileged.fail.yaml"), { variables: {} });
    const text = formatReport(report, "text", root);
    expect(text).toContain("harness/lint/fixtures/privileged.fail.yaml:4 error [privileged] app: runs privileged");
    expect(text).toMatch(/\(fix: remove privileged: true/);
    expect(text.split("\n").at(-1)).toMatch(/^1 error\(s\), 2 warning\(s\) in \d+ ms$/);
  });

  it("json: {findings: [...]} with counts", async () => {
    const report = await lintStack(fixture("privileged.fail.yaml"), { variables: {} });
    const json = JSON.parse(formatReport(report, "json", root)) as { findings: Array<{ ruleId: string }>; errorCount: number };
    expect(json.findings.map((f) => f.ruleId).sort()).toEqual(["cap-drop-missing", "no-new-privileges-missing", "privileged"]);
    expect(json.errorCount).toBe(1);
  });

  it("sarif: a 2.1.0 log with rules and results pointing at relative paths and lines", async () => {
    const report = await lintStack(fixture("privileged.fail.yaml"), { variables: {} });
    const sarif = toSarif(report, root) as { version: string; runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<Record<string, any>> }> };
    expect(sarif.version).toBe("2.1.0");
    const run0 = sarif.runs[0];
    expect(run0?.tool.driver.rules.some((r) => r.id === "privileged")).toBe(true);
    const result = run0?.results.find((r) => r["ruleId"] === "privileged");
    expect(result).toMatchObject({
      level: "error",
      locations: [{ physicalLocation: { artifactLocation: { uri: "harness/lint/fixtures/privileged.fail.yaml" }, region: { startLine: 4 } } }],
    });
    expect(run0?.tool.driver.rules[result?.["ruleIndex"]]?.id).toBe("privileged");
  });
});

describe("lint-stack CLI", () => {
  it("exits 1 on errors, 0 on warnings only, and prints json / sarif on request", async () => {
    const bad = await cli(fixture("privileged.fail.yaml"));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("[privileged]");
    const warn = await cli(fixture("minimal.yaml"), "--format", "json");
    expect(warn.code).toBe(0);
    expect((JSON.parse(warn.stdout) as { findings: unknown[] }).findings.length).toBe(2);
    const sarif = await cli(fixture("minimal.yaml"), "--format=sarif", "--stateless", "app");
    expect(sarif.code).toBe(1);
    expect(JSON.parse(sarif.stdout).version).toBe("2.1.0");
  }, 30_000);

  it("reports unset variables and goes on", async () => {
    const r = await cli(fixture("variable-unset.fail.yaml"));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("[variable-unset]");
  }, 30_000);

  it("exits 2 with one clear line on bad input: not YAML, not compose, unreadable, bad usage", async () => {
    const cases = [
      [fileURLToPath(new URL("../stack/compose/fixtures/errors/not-yaml.yaml", import.meta.url)), /not valid YAML at line 4/],
      [fileURLToPath(new URL("../stack/compose/fixtures/errors/not-compose.yaml", import.meta.url)), /not a compose file/],
      [fixture("does-not-exist.yaml"), /cannot read compose file .*ENOENT/],
      [`${fixture("minimal.yaml")} ${fixture("no.Containerfile")}`, /cannot read Containerfile .*no.Containerfile/],
    ] as const;
    for (const [file, message] of cases) {
      const r = await cli(...file.split(" "));
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    const usage = await cli();
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/no compose file given/);
  }, 60_000);
});
