// A deliberately leaky variant: a writer inside the crawler slowly fills one of its tmpfs mounts past
// slo.tmpfsUsedRatioMax while the sampler runs. The sampler must report it as a finding with the time
// it crossed, and nothing before the leak started (the normal stack passes).
import { expect } from "vitest";
import * as allure from "allure-js-commons";
import type { ComposeModel } from "../../harness/stack/compose/index.ts";
import { findTelemetryFindings } from "../../harness/telemetry/findings.ts";
import { startSampler } from "../../harness/telemetry/sampler.ts";
import { attachTelemetry } from "../../harness/telemetry/telemetry-allure.ts";
import { waitUntil } from "../../harness/util/wait-until.ts";
import { stackTest as test } from "../support/stack-fixture.ts";

const mib = 1024 * 1024;

/** The service and its dependencies (depends_on closure): the smallest stack it runs in. */
function closure(model: ComposeModel, service: string): Set<string> {
  const keep = new Set<string>();
  const visit = (name: string) => {
    if (keep.has(name)) return;
    keep.add(name);
    for (const dependency of model.services[name]?.dependsOn ?? []) visit(dependency.service);
  };
  visit(service);
  return keep;
}

test("a tmpfs filled past tmpfsUsedRatioMax becomes a timed telemetry finding", async ({ launch, profile, slo, audit }) => {
  await allure.epic("Telemetry");
  await allure.feature("Resource thresholds");
  const leaky = profile.roles.crawler ?? profile.roles.api;
  const { loadCompose } = await import("../../harness/stack/compose/index.ts");
  const { composeFileOf } = await import("../../harness/stack/profile.ts");
  const base = loadCompose(composeFileOf(profile), { mode: "tolerant" });
  const keep = closure(base, leaky);
  const override = { services: Object.fromEntries(Object.keys(base.services).filter((name) => !keep.has(name)).map((name) => [name, null])) };
  const stack = await allure.step(`launch ${[...keep].join(", ")}`, () => launch({ override, instance: "leak", telemetry: "off" }));

  const mount = stack.model.services[leaky]!.mounts
    .filter((candidate) => candidate.kind === "tmpfs" && candidate.tmpfsSizeBytes !== undefined)
    .sort((a, b) => b.tmpfsSizeBytes! - a.tmpfsSizeBytes!)[0];
  if (mount === undefined) throw new Error(`${leaky} declares no sized tmpfs mount to fill`);
  const sizeBytes = mount.tmpfsSizeBytes!;
  // fill to halfway between the threshold and full, 1 MiB every 250 ms: a slow leak, bounded in count
  const files = Math.ceil(((slo.tmpfsUsedRatioMax + (1 - slo.tmpfsUsedRatioMax) / 2) * sizeBytes) / mib);
  await allure.parameter("leaking mount", `${leaky}:${mount.target} (${sizeBytes / mib} MiB)`);

  const sampler = startSampler(stack, profile, { intervalMs: 1_000 });
  try {
    await waitUntil(() => sampler.snapshot().ticks.length >= 2, { timeoutMs: 15_000, what: "two telemetry ticks before the leak" });
    const leakStartMs = Date.now();
    await audit.append("fault.inject", `${leaky}:${mount.target}`, "ok", `writer fills ${files} MiB`);
    const writer = await allure.step(`leak ${files} MiB into ${mount.target}`, () => stack.exec(
      leaky,
      ["/bin/sh", "-c", `i=0; while [ $i -lt ${files} ]; do dd if=/dev/zero of=${mount.target}/leak-$i bs=1048576 count=1 2>/dev/null || exit 0; i=$((i+1)); sleep 0.25; done`],
      { timeoutMs: files * 1_000 + 10_000 },
    ));
    const leakEndMs = Date.now();
    sampler.markFault("tmpfs leak writer", leakStartMs, leakEndMs);
    expect(writer.exitCode, writer.output).toBe(0);
    await waitUntil(() => findTelemetryFindings(sampler.snapshot(), slo).some((finding) => finding.metric === "tmpfs_used_ratio" && finding.atMs > leakEndMs - 1), {
      timeoutMs: 10_000,
      what: "a telemetry tick after the writer finished",
    }).catch(() => undefined);
    const series = await sampler.stop();
    const { findings } = await attachTelemetry(series, { thresholds: slo });
    await allure.attachment("leak findings.txt", findings.map((finding) => `${finding.time} ${finding.service} ${finding.metric}: ${finding.message}`).join("\n"), "text/plain");

    const tmpfsFindings = findings.filter((finding) => finding.metric === "tmpfs_used_ratio");
    expect(tmpfsFindings, JSON.stringify(findings, null, 2)).toHaveLength(1);
    const [finding] = tmpfsFindings;
    expect(finding).toMatchObject({ service: leaky, mount: mount.target, threshold: slo.tmpfsUsedRatioMax });
    expect(finding!.value).toBeGreaterThan(slo.tmpfsUsedRatioMax);
    // crossed during the leak, seen within about one sampling interval of the writer passing the mark
    expect(finding!.atMs).toBeGreaterThan(leakStartMs);
    expect(finding!.atMs).toBeLessThanOrEqual(leakEndMs + 2 * series.intervalMs);
    expect(findings.filter((other) => other.atMs < leakStartMs)).toEqual([]);
  } finally {
    await sampler.stop();
  }
});
