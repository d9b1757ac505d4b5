import { ComposeError } from "./compose-error.ts";
import type { ComposeModel } from "./model.ts";

/** A depends_on cycle as `[a, b, ..., a]`, or undefined. Unknown dependencies are ignored. */
export function findCycle(model: Pick<ComposeModel, "services">): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    const s = state.get(name);
    if (s === "done") return undefined;
    if (s === "visiting") return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, "visiting");
    stack.push(name);
    for (const d of model.services[name]?.dependsOn ?? []) {
      if (!model.services[d.service]) continue;
      const c = visit(d.service);
      if (c) return c;
    }
    stack.pop();
    state.set(name, "done");
    return undefined;
  };
  for (const name of Object.keys(model.services).sort()) {
    const c = visit(name);
    if (c) return c;
  }
  return undefined;
}

/** Waves of services that can start in parallel: each wave depends only on earlier waves. */
export function startOrder(model: Pick<ComposeModel, "services"> & { file?: string }): string[][] {
  const cycle = findCycle(model);
  if (cycle) {
    throw new ComposeError({
      code: "dependency-cycle", file: model.file ?? "", service: cycle[0], key: "depends_on",
      message: `depends_on cycle ${cycle.join(" -> ")}; remove one of these dependencies`,
    });
  }
  const remaining = new Set(Object.keys(model.services));
  const started = new Set<string>();
  const waves: string[][] = [];
  while (remaining.size > 0) {
    const wave = [...remaining]
      .filter((n) => (model.services[n]?.dependsOn ?? []).every((d) => started.has(d.service) || !model.services[d.service]))
      .sort();
    for (const n of wave) {
      remaining.delete(n);
      started.add(n);
    }
    waves.push(wave);
  }
  return waves;
}
