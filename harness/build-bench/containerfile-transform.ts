// Rewrites of a Containerfile for the build benchmark: a fresh cache id per run (so "empty cache" is
// real), the same file without cache mounts (the baseline), and a run label after every FROM so the
// benchmark's layers never match layers of other builds on the same engine.

const cacheMountPattern = /--mount=type=cache(?:,[^\s\\]*)?/g;

export interface CacheMount {
  target: string;
  id: string | undefined;
  raw: string;
}

function mountOptions(raw: string): Map<string, string> {
  const opts = new Map<string, string>();
  for (const part of raw.slice("--mount=".length).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) opts.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return opts;
}

export function cacheMountsOf(containerfile: string): CacheMount[] {
  return [...containerfile.matchAll(cacheMountPattern)].map((m) => {
    const opts = mountOptions(m[0]);
    return { target: opts.get("target") ?? opts.get("dst") ?? opts.get("destination") ?? "", id: opts.get("id"), raw: m[0] };
  });
}

/** Cache id a mount gets in a benchmark run: unique per run, distinct per original id or target. */
export function benchCacheId(prefix: string, mount: Pick<CacheMount, "id" | "target">): string {
  const suffix = (mount.id ?? mount.target).replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "");
  return `${prefix}-${suffix || "cache"}`;
}

export function withCacheIds(containerfile: string, prefix: string): string {
  return containerfile.replace(cacheMountPattern, (raw) => {
    const opts = mountOptions(raw);
    const target = opts.get("target") ?? opts.get("dst") ?? opts.get("destination") ?? "";
    const id = benchCacheId(prefix, { id: opts.get("id"), target });
    opts.delete("id");
    opts.delete("type");
    return `--mount=type=cache,id=${id}${[...opts].map(([k, v]) => `,${k}=${v}`).join("")}`;
  });
}

export function withoutCacheMounts(containerfile: string): string {
  return containerfile.replace(/--mount=type=cache(?:,[^\s\\]*)?[ \t]*/g, "");
}

export const benchRunLabel = "io.xnai.bench.run";
export const benchBuildLabel = "io.xnai.bench.build";

/** `build` keeps the runs of one benchmark apart from each other (each run starts from its own layer chain). */
export function withRunLabel(containerfile: string, runTag: string, build: string): string {
  return containerfile.replace(/^([ \t]*FROM[ \t]+[^\n]*)$/gim, `$1\nLABEL ${benchRunLabel}="${runTag}" ${benchBuildLabel}="${build}"`);
}
