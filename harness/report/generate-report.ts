// Generates the HTML report offline with Allure 3 (needs an empty output folder), keeps its history
// for trends, and strips the analytics loader from every page.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runCommand } from "../engine/podman-cli.ts";
import { allureConfig, type ReportPaths } from "./allure-config.ts";
import { stripAnalytics } from "./strip-analytics.ts";

export function reportPaths(reportsDir: string): ReportPaths {
  return {
    resultsDir: join(reportsDir, "allure-results"),
    outputDir: join(reportsDir, "html"),
    singleFileDir: join(reportsDir, "html", "single"),
    historyFile: join(reportsDir, "history", "allure-history.jsonl"),
  };
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".html"))
    .map((e) => join(e.parentPath, e.name));
}

export interface GeneratedReport {
  index: string;
  singleFile: string | undefined;
  analyticsRemoved: number;
  durationMs: number;
}

export async function generateReport(opts: {
  projectRoot: string;
  reportsDir: string;
  variables: Record<string, string>;
  reportName: string;
}): Promise<GeneratedReport> {
  const t0 = Date.now();
  const paths = reportPaths(opts.reportsDir);
  if (!existsSync(paths.resultsDir) || readdirSync(paths.resultsDir).length === 0) {
    throw new Error(`no Allure results in ${paths.resultsDir}: run 'npm test' or 'npm run validate' first`);
  }
  rmSync(paths.outputDir, { recursive: true, force: true });
  mkdirSync(dirname(paths.historyFile), { recursive: true });
  const configFile = join(opts.reportsDir, ".allurerc.json");
  writeFileSync(configFile, JSON.stringify(allureConfig(paths, opts.variables, opts.reportName), null, 2));
  const allureBin = join(opts.projectRoot, "node_modules", ".bin", "allure");
  await runCommand([allureBin, "generate", paths.resultsDir, "--config", configFile], { PATH: process.env.PATH, HOME: process.env.HOME }, { cwd: opts.reportsDir, timeoutMs: 180_000 });
  let analyticsRemoved = 0;
  for (const file of htmlFiles(paths.outputDir)) {
    const r = stripAnalytics(readFileSync(file, "utf8"));
    analyticsRemoved += r.removed;
    if (r.removed) writeFileSync(file, r.html);
  }
  const index = [join(paths.outputDir, "awesome", "index.html"), join(paths.outputDir, "index.html")].find(existsSync);
  if (!index) throw new Error(`allure generate wrote no index.html under ${paths.outputDir}`);
  const single = join(paths.singleFileDir, "index.html");
  return { index, singleFile: existsSync(single) ? single : undefined, analyticsRemoved, durationMs: Date.now() - t0 };
}
