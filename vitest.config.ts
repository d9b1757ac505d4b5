import { defineConfig } from "vitest/config";

// Projects are ordered by blast radius: unit (no containers), then stack (one shared stack),
// then chaos (destructive, serial). groupOrder makes each group finish before the next starts.
const resultsDir = "reports/allure-results";

export default defineConfig({
  test: {
    reporters: ["default", ["allure-vitest/reporter", { resultsDir }], ["json", { outputFile: "reports/vitest-results.json" }], ["junit", { outputFile: "reports/junit.xml" }]],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["harness/**/*.test.ts", "stack/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/node_modules/**"],
          setupFiles: ["allure-vitest/setup"],
          sequence: { groupOrder: 0 },
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "stack",
          include: ["suites/**/*.test.ts"],
          exclude: ["suites/chaos/**", "**/node_modules/**"],
          setupFiles: ["allure-vitest/setup"],
          globalSetup: ["suites/support/engine.global-setup.ts", "suites/support/stack.global-setup.ts"],
          sequence: { groupOrder: 1 },
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 600_000,
        },
      },
      {
        extends: true,
        test: {
          name: "chaos",
          // One retry: a scenario that fails and then passes stays visible as a retry in the report.
          // Seen once in three runs: the api stayed degraded ~25 s after a SIGKILLed Redis came back.
          retry: 1,
          include: ["suites/chaos/**/*.test.ts"],
          exclude: ["**/node_modules/**"],
          setupFiles: ["allure-vitest/setup"],
          globalSetup: ["suites/support/engine.global-setup.ts"],
          sequence: { groupOrder: 2 },
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
