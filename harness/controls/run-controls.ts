// Runs negative controls: each broken variant must be flagged by its check (caught), and the same check
// on the healthy configuration must not flag it (no false positive).
import type { EngineSession } from "../engine/engine-session.ts";
import { launchStack } from "../stack/launcher/launch-stack.ts";
import { loadComposeVariant, writeVariantFile } from "../stack/compose/override.ts";
import type { StackProfile } from "../stack/profile.ts";
import type { Slo } from "../slo/slo.ts";
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import type { Detection, NegativeControl, VariantSpec } from "./control-types.ts";

export interface ControlResult {
  id: string;
  description: string;
  catcher: string;
  caught: boolean;
  falsePositive: boolean;
  brokenDetail: string;
  healthyDetail: string;
  durationMs: number;
}

export interface ControlRunOptions {
  session: EngineSession;
  profile: StackProfile;
  slo: Slo;
  composeFile: string;
  variables: Record<string, string | undefined>;
  log: (line: string) => void;
}

async function onStack<T>(opts: ControlRunOptions, spec: VariantSpec, instance: string, work: (stack: StartedStack) => Promise<T>): Promise<T> {
  const variables = { ...opts.variables, ...(spec.variables ?? {}) };
  const model = spec.override ? loadComposeVariant(opts.composeFile, spec.override, { mode: "strict", variables }) : undefined;
  const stack = await launchStack({ session: opts.session, composeFile: opts.composeFile, profile: opts.profile, variables, model, instance });
  try {
    return await work(stack);
  } finally {
    await stack.down();
  }
}

async function detectStatic(opts: ControlRunOptions, control: NegativeControl, spec: VariantSpec | undefined, tag: string): Promise<Detection> {
  const ctx = { profile: opts.profile, slo: opts.slo, log: opts.log };
  if (!spec?.override) return control.detect({ ...ctx, composeFile: opts.composeFile });
  using variant = writeVariantFile(opts.composeFile, spec.override, `${control.id}-${tag}`);
  return control.detect({ ...ctx, composeFile: variant.path });
}

async function guarded(work: () => Promise<Detection>): Promise<Detection> {
  try {
    return await work();
  } catch (err) {
    return { flagged: false, errored: true, detail: `check errored: ${(err as Error).message.split("\n")[0]}` };
  }
}

export async function runControls(controls: NegativeControl[], opts: ControlRunOptions): Promise<ControlResult[]> {
  const results: ControlResult[] = [];
  const ctx = (stack?: StartedStack) => ({ profile: opts.profile, slo: opts.slo, composeFile: opts.composeFile, log: opts.log, stack });
  for (const c of controls) {
    const t0 = Date.now();
    opts.log(`control ${c.id}: ${c.description}`);
    let broken: Detection;
    let healthy: Detection;
    if (c.kind === "static") {
      broken = await guarded(() => detectStatic(opts, c, c.broken, "broken"));
      healthy = await guarded(() => detectStatic(opts, c, c.healthy, "healthy"));
    } else {
      broken = await guarded(() => onStack(opts, c.broken, `ctl-${results.length}`, (stack) => c.detect(ctx(stack))));
      // Each check gets a fresh healthy stack: a destructive check must not leave state for the next.
      healthy = await guarded(() => onStack(opts, c.healthy ?? {}, `ctl-${results.length}h`, (stack) => c.detect(ctx(stack))));
    }
    // A check that errors proves nothing: on the broken variant it missed, on the healthy one it failed.
    results.push({ id: c.id, description: c.description, catcher: c.catcher, caught: broken.flagged && !broken.errored, falsePositive: healthy.flagged || !!healthy.errored, brokenDetail: broken.detail, healthyDetail: healthy.detail, durationMs: Date.now() - t0 });
    opts.log(`  ${broken.flagged ? "caught" : "MISSED"}: ${broken.detail}`);
    opts.log(`  healthy ${healthy.flagged || healthy.errored ? "FLAGGED (false positive)" : "passes"}: ${healthy.detail}`);
  }
  return results;
}

/** All static controls plus `runtimeCount` runtime ones, rotating deterministically with `seed`. */
export function rotatingSubset(controls: NegativeControl[], runtimeCount: number, seed: number): NegativeControl[] {
  const runtime = controls.filter((c) => c.kind === "runtime");
  const start = runtime.length ? seed % runtime.length : 0;
  const picked = new Set(Array.from({ length: Math.min(runtimeCount, runtime.length) }, (_, i) => runtime[(start + i) % runtime.length]!.id));
  return controls.filter((c) => c.kind === "static" || picked.has(c.id));
}

export function renderMatrix(results: ControlResult[]): string {
  const w = Math.max(8, ...results.map((r) => r.id.length));
  const c = Math.max(6, ...results.map((r) => r.catcher.length));
  const lines = [`${"variant".padEnd(w)}  ${"caught by".padEnd(c)}  result   healthy`];
  for (const r of results) lines.push(`${r.id.padEnd(w)}  ${r.catcher.padEnd(c)}  ${(r.caught ? "caught" : "MISSED").padEnd(7)}  ${r.falsePositive ? "FALSE POSITIVE" : "clean"}`);
  const caught = results.filter((r) => r.caught).length;
  const fp = results.filter((r) => r.falsePositive).length;
  lines.push(`controls: ${caught}/${results.length} caught, ${fp} false positives`);
  return lines.join("\n");
}
