// Telemetry beside one stack for as long as it runs: the sampler starts with it and, when the stack
// goes down (or the caller finishes it first), the series goes into the report and, for the target as
// it is (not a deliberately altered variant), into the run's metrics.
import type { Slo } from "../slo/slo.ts";
import type { StackProfile } from "../stack/profile.ts";
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import { startSampler, type SamplerOptions } from "./sampler.ts";
import { attachTelemetry, type Attach, type TelemetryReport } from "./telemetry-allure.ts";
import type { TelemetryPlotOptions } from "./telemetry-plots.ts";
import { recordTelemetryMetrics, type MetricSink } from "./telemetry-metrics.ts";

export interface StackTelemetryOptions extends SamplerOptions {
  slo: Slo;
  /** Names the stack on the attachments (several stacks in one test). */
  label?: string;
  /** Where the run-wide figures go; none for a variant, whose findings are expected. */
  metrics?: MetricSink;
  /** Where the plots go (the running test's report by default), and whether the stack's teardown finishes. */
  report?: (attachAll: (attach?: Attach) => Promise<TelemetryReport>) => Promise<TelemetryReport>;
  /** false for a stack this process does not own (the shared stack): the caller finishes. */
  finishOnDown?: boolean;
}

export interface StackTelemetry {
  /** Stops sampling and reports (once; later calls return the same report), with a load's latency if given. */
  finish(latency?: Pick<TelemetryPlotOptions, "latency" | "latencyThresholdMs">): Promise<TelemetryReport>;
}

export function watchStack(stack: StartedStack, profile: StackProfile, options: StackTelemetryOptions): StackTelemetry {
  const { slo, label, metrics, report: reportTo = (attachAll) => attachAll(), finishOnDown = true, ...samplerOptions } = options;
  const sampler = startSampler(stack, profile, samplerOptions);
  let report: Promise<TelemetryReport> | undefined;
  const finish = (latency: Pick<TelemetryPlotOptions, "latency" | "latencyThresholdMs"> = {}): Promise<TelemetryReport> =>
    (report ??= (async () => {
      const series = await sampler.stop();
      const result = await reportTo((attach) => attachTelemetry(series, { thresholds: slo, ...latency, ...(label ? { label } : {}) }, attach));
      if (metrics) await recordTelemetryMetrics(metrics, result.summary);
      return result;
    })());
  // a sampler finished early has nothing to do at teardown; finish() is idempotent either way
  if (finishOnDown) stack.onBeforeDown(async () => void (await finish()));
  return { finish };
}
