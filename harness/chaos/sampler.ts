// Runs probes and stamps their readings; samples a set of probes on a fixed tick for a bounded window.
import { errorText } from "./journal.ts";
import type { Probe, Sample } from "./scenario.ts";

export async function measure<C>(probe: Probe<C>, ctx: C): Promise<Sample> {
  const startedAtMs = Date.now();
  try {
    const value = await probe.measure(ctx);
    return { probe: probe.name, startedAtMs, atMs: Date.now(), ok: true, value };
  } catch (err) {
    return { probe: probe.name, startedAtMs, atMs: Date.now(), ok: false, error: errorText(err) };
  }
}

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Samples every probe each `intervalMs` (a slow probe delays the next tick, never overlaps it) until
 * `durationMs` has passed or `until` is satisfied. Returns every sample in time order.
 */
export async function sampleWindow<C>(
  probes: readonly Probe<C>[],
  ctx: C,
  opts: { intervalMs: number; durationMs: number; until?: (samples: readonly Sample[]) => boolean; onSample?: (s: Sample) => void },
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const endAtMs = Date.now() + opts.durationMs;
  for (;;) {
    const tickStartMs = Date.now();
    const batch = await Promise.all(probes.map((p) => measure(p, ctx)));
    for (const s of batch) {
      samples.push(s);
      opts.onSample?.(s);
    }
    if (opts.until?.(samples)) break;
    const now = Date.now();
    if (now >= endAtMs) break;
    await tick(Math.max(0, Math.min(tickStartMs + opts.intervalMs, endAtMs) - now));
  }
  return samples;
}
