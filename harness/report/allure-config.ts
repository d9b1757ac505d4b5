// Allure 3 configuration of the suite's report: two outputs (a browsable folder and one offline HTML
// file), history kept between runs for trends, environment info, and categories for failure kinds.
export interface ReportPaths {
  resultsDir: string;
  outputDir: string;
  singleFileDir: string;
  historyFile: string;
}

export const failureCategories = [
  { name: "SLO breach", messageRegex: ".*(SLO|expected .* to be (less|greater) than|toBeLessThan|toBeGreaterThan).*" },
  { name: "Stack did not start", messageRegex: ".*(did not become ready|StackStartError|PreflightError|lint found).*" },
  { name: "Fault rollback failed", messageRegex: ".*(rollback|undo).*fail.*" },
  { name: "Timeout", messageRegex: ".*(timed out|Timeout|ETIMEDOUT).*" },
  { name: "Engine or infrastructure", messageRegex: ".*(podman|ECONNREFUSED|socket|EngineNotReady|HTTP code 5\\d\\d).*" },
  { name: "Isolation or security check", messageRegex: ".*(security|isolation|privileged|capabilit|egress).*" },
];

export function allureConfig(paths: ReportPaths, variables: Record<string, string>, reportName: string) {
  return {
    name: reportName,
    output: paths.outputDir,
    historyPath: paths.historyFile,
    historyLimit: 50,
    variables,
    categories: failureCategories,
    plugins: {
      awesome: { options: { reportName, singleFile: false, groupBy: ["epic", "feature", "story"] } },
      single: { import: "@allurereport/plugin-awesome", options: { reportName, singleFile: true, groupBy: ["epic", "feature", "story"] } },
      // trend charts (status, duration, flakiness) over the kept history: reports/html/dashboard
      dashboard: { options: { reportName, singleFile: false } },
    },
  };
}
