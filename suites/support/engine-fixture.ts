// test.extend fixtures for container suites: the engine session (labels, base image) in each worker.
import { test as base } from "vitest";
import { openEngineSession, type EngineSession } from "../../harness/engine/engine-session.ts";

export const engineTest = base.extend<{ engine: EngineSession }>({
  engine: [
    async ({}, use) => {
      await use(openEngineSession());
    },
    { scope: "file" },
  ],
});
