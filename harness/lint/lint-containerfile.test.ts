import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseContainerfile } from "./containerfile.ts";
import { lintStack, RULES, type RuleId } from "./index.ts";

const fixture = (p: string) => fileURLToPath(new URL(`./fixtures/${p}`, import.meta.url));

async function cfFindings(name: string, rule: RuleId) {
  const report = await lintStack(fixture("minimal.yaml"), { variables: {}, containerfiles: [fixture(`containerfiles/${name}.Containerfile`)] });
  return report.findings.filter((f) => f.ruleId === rule);
}

const CASES: Array<[RuleId, number[]]> = [
  ["cf-cache-mount-owner", [4, 6]],
  ["cf-install-without-cache", [2, 3]],
  ["cf-no-user", [4]],
  ["cf-path-mismatch", [6]],
];

describe("Containerfile lint rules", () => {
  for (const [rule, lines] of CASES) {
    it(`${rule}: flags the failing Containerfile and passes the passing one`, async () => {
      const bad = await cfFindings(`${rule}.fail`, rule);
      expect(bad.map((f) => f.line)).toEqual(lines);
      expect(bad.every((f) => f.severity === RULES[rule].severity && f.file.endsWith(`${rule}.fail.Containerfile`))).toBe(true);
      expect(await cfFindings(`${rule}.pass`, rule)).toEqual([]);
    });
  }

  it("lints the Containerfiles that services build when none are given", async () => {
    const report = await lintStack(fixture("redis-maxmemory-conf.fail.yaml"), { variables: {} });
    expect(report.containerfiles).toEqual([fixture("redis-build/Containerfile")]);
    const viaDefault = await lintStack(fixture("cf-missing.pass.yaml"), { variables: {} });
    expect(viaDefault.containerfiles).toEqual([fixture("health-build/Containerfile")]);
  });

  it("cf-no-user is skipped only when every service building the image sets a non-root user", async () => {
    const overridden = await lintStack(fixture("cf-no-user-override.yaml"), { variables: {} });
    expect(overridden.findings.filter((f) => f.ruleId === "cf-no-user")).toEqual([]);
    const partial = await lintStack(fixture("cf-no-user-partial.yaml"), { variables: {} });
    expect(partial.findings.filter((f) => f.ruleId === "cf-no-user").map((f) => f.line)).toEqual([4]);
  });

  it("parses continuation lines, stages, USER/WORKDIR, cache mounts, EXPOSE, HEALTHCHECK and COPY", () => {
    const cf = parseContainerfile(
      "# syntax=docker/dockerfile:1\nARG BASE=localhost/base\nFROM ${BASE} AS build\nWORKDIR /app\nRUN --mount=type=cache,target=/root/.npm,uid=0 \\\n  # comment inside\n  npm ci\nFROM build\nUSER 1001:1001\nEXPOSE 8000/tcp 9000\nCOPY a.txt b.txt /dest/\nHEALTHCHECK --interval=5s CMD curl -f http://localhost:8000/h\nCMD [\"node\", \"x.js\"]\n",
      "/x/Containerfile",
    );
    expect(cf.instructions.map((i) => [i.keyword, i.line])).toEqual([
      ["FROM", 3], ["WORKDIR", 4], ["RUN", 5], ["FROM", 8], ["USER", 9], ["EXPOSE", 10], ["COPY", 11], ["HEALTHCHECK", 12], ["CMD", 13],
    ]);
    expect(cf.stages[0]).toMatchObject({ from: "localhost/base", name: "build" });
    expect(cf.instructions[2]?.args).toBe("npm ci");
    const last = cf.stages[1];
    expect(last).toMatchObject({ from: "build", user: "1001:1001", workdir: "/app", expose: [8000, 9000], cmd: ["node", "x.js"] });
    expect(last?.copies).toMatchObject([{ sources: ["a.txt", "b.txt"], dest: "/dest", destIsDir: true }]);
    expect(last?.healthcheck?.words).toEqual(["curl", "-f", "http://localhost:8000/h"]);
  });
});
