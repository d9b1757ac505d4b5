// Negative controls in CI: every static control and a daily-rotating subset of the runtime ones
// (the full matrix is `npm run test:controls`). Each broken variant must be caught by its check and
// the healthy target must not be flagged.
import { expect } from "vitest";
import * as allure from "allure-js-commons";
import { readVariables } from "../../harness/config/env.ts";
import { referenceControls } from "../../harness/controls/catalogue.ts";
import { renderMatrix, rotatingSubset, runControls } from "../../harness/controls/run-controls.ts";
import { composeFileOf } from "../../harness/stack/profile.ts";
import { stackTest as test } from "../support/stack-fixture.ts";

test("broken variants are caught and the healthy stack is not flagged", async ({ engine, profile, slo }) => {
  await allure.epic("controls");
  await allure.feature("negative controls");
  const day = Math.floor(Date.now() / 86_400_000);
  const controls = profile.name === "reference" ? rotatingSubset(referenceControls, 2, day) : [];
  if (controls.length === 0) {
    await allure.description(`profile ${profile.name} has no negative-control catalogue`);
    return;
  }
  await allure.parameter("runtime controls today", controls.filter((c) => c.kind === "runtime").map((c) => c.id).join(", "));
  const lines: string[] = [];
  const results = await runControls(controls, { session: engine, profile, slo, composeFile: composeFileOf(profile), variables: readVariables(), log: (l) => lines.push(l) });
  const matrix = renderMatrix(results);
  await allure.attachment("controls matrix", matrix, "text/plain");
  await allure.attachment("controls log", lines.join("\n"), "text/plain");
  expect(results.filter((r) => !r.caught).map((r) => `${r.id}: ${r.brokenDetail}`)).toEqual([]);
  expect(results.filter((r) => r.falsePositive).map((r) => `${r.id}: ${r.healthyDetail}`)).toEqual([]);
}, 600_000);
