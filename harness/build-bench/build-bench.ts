// One benchmark run of one image on one engine: cold build (no layer cache, fresh cache mounts),
// rebuild after a source change, and a dependency change with warm cache mounts versus without them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadavg } from "node:os";
import type Dockerode from "dockerode";
import type { EngineTarget } from "../engine/engine-target.ts";
import { buildImage } from "../stack/images/build-image.ts";
import { cacheMountsOf, benchCacheId, withCacheIds, withoutCacheMounts, withRunLabel } from "./containerfile-transform.ts";
import { applyDependencyChange, applySourceChange, copyContext, hasNpmManifest } from "./context-change.ts";
import { cacheDirState, cacheRootOf, judgeCacheLocation, systemCacheRoot, type CacheLocationVerdict } from "./cache-location.ts";
import { imageCacheContent, type ImageCacheContent } from "./image-content.ts";
import { installStepMs, stepTimings, type StepTiming, type TimedLine } from "./step-timing.ts";

/** The command of the first cache-mounted RUN, as a pattern that matches it with or without the mount. */
export function installCommandOf(containerfile: string): RegExp | undefined {
  const m = /RUN[ \t]+--mount=type=cache[^\s\\]*[\s\\]+([^\n\\]+)/.exec(containerfile);
  const cmd = m?.[1]?.trim();
  return cmd ? new RegExp(cmd.split(/\s+/).slice(0, 2).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s+")) : undefined;
}

export const benchPhases = ["cold", "source", "dependency-mounts", "dependency-nomount"] as const;
export type BenchPhase = (typeof benchPhases)[number];

export interface BenchImage {
  service: string;
  context: string;
  dockerfile: string;
  args: Record<string, string>;
  target?: string;
}

export interface ImageRun {
  service: string;
  engine: EngineTarget["kind"];
  run: number;
  timesMs: Partial<Record<BenchPhase, number>>;
  /** Time of the first RUN step that had a cache mount (the install), per phase. */
  installStepMs: Partial<Record<BenchPhase, number>>;
  steps: Partial<Record<BenchPhase, StepTiming[]>>;
  /** 1-minute load average when each phase started: the machine is shared, times depend on it. */
  loadAvg: Partial<Record<BenchPhase, number>>;
  cacheMounts: number;
  /** The fresh cache ids had no directory before the cold build: its cache mounts really started empty. */
  cacheEmptyBeforeCold?: boolean;
  sourceFile?: string;
  dependencyChange?: string;
  /** Why the dependency phases did not run (no cache mount, no npm manifest). */
  dependencySkipped?: string;
  cacheLocation?: CacheLocationVerdict;
  contentWithMounts?: ImageCacheContent;
  /** The same check on the image built without cache mounts: the variant it must catch. */
  contentWithoutMounts?: ImageCacheContent;
}

export interface RunContext {
  docker: Dockerode;
  target: EngineTarget;
  runTag: string;
  workDir: string;
  /** Labels of the throwaway containers the checks run. Builds get none: podman appends each build label
   * as an extra LABEL step (a layer commit) to every build, which would be timed with it. */
  labels: Record<string, string>;
  log: (line: string) => void;
}

export function cachePrefixOf(runTag: string): string {
  return `xnai-bench-${runTag}`;
}

export async function benchImageRun(ctx: RunContext, image: BenchImage, run: number): Promise<ImageRun> {
  const build = `${image.service}-${run}`;
  const dir = join(ctx.workDir, ctx.target.kind, build);
  mkdirSync(dir, { recursive: true });
  copyContext(image.context, dir);
  const original = readFileSync(join(dir, image.dockerfile), "utf8");
  const prefix = `${cachePrefixOf(ctx.runTag)}-${build}`;
  const mounts = cacheMountsOf(original);
  writeFileSync(join(dir, "Containerfile.bench"), withRunLabel(withCacheIds(original, prefix), ctx.runTag, build));
  writeFileSync(join(dir, "Containerfile.nomount"), withRunLabel(withoutCacheMounts(original), ctx.runTag, build));
  const installCommand = installCommandOf(original);
  const result: ImageRun = { service: image.service, engine: ctx.target.kind, run, timesMs: {}, installStepMs: {}, steps: {}, loadAvg: {}, cacheMounts: mounts.length };

  const phase = async (name: BenchPhase, dockerfile: string, noCache = false): Promise<string> => {
    const tag = `localhost/xnai-bench-${image.service}:${ctx.runTag}-${run}-${name}`;
    result.loadAvg[name] = Number(loadavg()[0]!.toFixed(1));
    const timed: TimedLine[] = [];
    const r = await buildImage(ctx.docker, { context: dir, dockerfile, tag, args: image.args, target: image.target, noCache }, (line) => timed.push({ atMs: Date.now(), line }));
    result.timesMs[name] = r.durationMs;
    result.steps[name] = stepTimings(timed, Date.now());
    if (installCommand) result.installStepMs[name] = installStepMs(result.steps[name], installCommand);
    ctx.log(`  ${ctx.target.kind} ${image.service} run ${run} ${name}: ${(r.durationMs / 1000).toFixed(1)} s (load ${result.loadAvg[name]})`);
    return tag;
  };

  const cacheDirs = mounts.map((m) => join(cacheRootOf(ctx.target), benchCacheId(prefix, m)));
  result.cacheEmptyBeforeCold = cacheDirs.every((d) => !cacheDirState(d).exists);
  if (!result.cacheEmptyBeforeCold) throw new Error(`cache mount dirs of a fresh id already exist (${cacheDirs.join(", ")}): the cold build would not start from an empty cache`);
  const coldTag = await phase("cold", "Containerfile.bench", true);
  if (mounts.length > 0) {
    const id = benchCacheId(prefix, mounts[0]!);
    result.cacheLocation = judgeCacheLocation(ctx.target, cacheDirState(join(cacheRootOf(ctx.target), id)), cacheDirState(join(systemCacheRoot, id)));
    result.contentWithMounts = await imageCacheContent(ctx.target, coldTag, [...new Set(mounts.map((m) => m.target))], ctx.labels);
  }
  result.sourceFile = applySourceChange(dir, `${ctx.runTag}-${run}`);
  await phase("source", "Containerfile.bench");

  if (mounts.length === 0) result.dependencySkipped = "no cache mount in the Containerfile";
  else if (!hasNpmManifest(dir)) result.dependencySkipped = "no package.json/package-lock.json in the context";
  if (result.dependencySkipped) return result;

  const change = applyDependencyChange(dir);
  result.dependencyChange = `${change.name}@${change.version} promoted to a direct dependency`;
  await phase("dependency-mounts", "Containerfile.bench");
  // Same context, mounts removed: the install step reruns from the same parent layer and fetches
  // from the registry. (Its COPY of the manifests is a cache hit, a bias against the cache mounts.)
  const noMountTag = await phase("dependency-nomount", "Containerfile.nomount");
  result.contentWithoutMounts = await imageCacheContent(ctx.target, noMountTag, [...new Set(mounts.map((m) => m.target))], ctx.labels);
  return result;
}

export function workDirReady(path: string): string {
  if (!existsSync(path)) mkdirSync(path, { recursive: true });
  return path;
}
