// Changes a benchmark makes to a temporary copy of a build context: a source edit (layer cache warm
// up to the sources) and a dependency change (busts the layer that installs dependencies).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { contextFiles } from "../stack/images/build-context.ts";

export function copyContext(context: string, dest: string): void {
  for (const rel of contextFiles(context)) {
    const to = join(dest, rel);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(context, rel), to);
  }
}

const notSources = new Set(["Containerfile", "Dockerfile", "package.json", "package-lock.json", ".containerignore", ".dockerignore"]);

/** The file a "source-only change" edits: the first file under src/, else the first copied non-manifest file. */
export function sourceFileOf(files: readonly string[]): string | undefined {
  const sorted = [...files].sort();
  return sorted.find((f) => f.startsWith("src/")) ?? sorted.find((f) => !notSources.has(f) && !f.startsWith("Containerfile") && !f.startsWith("Dockerfile"));
}

export function commentLine(file: string, text: string): string {
  return [".ts", ".js", ".mjs", ".cjs", ".go", ".rs", ".c"].includes(extname(file)) ? `// ${text}\n` : `# ${text}\n`;
}

export function applySourceChange(dir: string, nonce: string): string {
  const file = sourceFileOf(contextFiles(dir));
  if (!file) throw new Error(`${dir}: no source file to change`);
  const abs = join(dir, file);
  const body = readFileSync(abs, "utf8");
  writeFileSync(abs, `${body.endsWith("\n") || body === "" ? body : `${body}\n`}${commentLine(file, `build-bench ${nonce}`)}`);
  return file;
}

interface LockPackage {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
interface Lockfile {
  lockfileVersion?: number;
  packages?: Record<string, LockPackage>;
}
interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export interface DependencyChange {
  name: string;
  version: string;
  manifest: Manifest;
  lock: Lockfile;
}

/**
 * A real dependency change that needs nothing new from the registry: a production package that is
 * already installed transitively at top level becomes a direct dependency at its locked version.
 */
export function promoteTransitiveDependency(manifest: Manifest, lock: Lockfile): DependencyChange | undefined {
  const packages = lock.packages ?? {};
  const root = packages[""];
  if (!root || (lock.lockfileVersion ?? 1) < 2) return undefined;
  const direct = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {})]);
  const candidate = Object.entries(packages)
    .filter(([path, p]) => /^node_modules\/(?:@[^/]+\/)?[^/]+$/.test(path) && p.version && !p.dev && !p.optional && !p.devOptional && !p.peer)
    .map(([path, p]) => ({ name: path.slice("node_modules/".length), version: p.version! }))
    .filter((c) => !direct.has(c.name))
    .sort((a, b) => a.name.localeCompare(b.name))[0];
  if (!candidate) return undefined;
  const add = (deps: Record<string, string> | undefined) => Object.fromEntries(Object.entries({ ...deps, [candidate.name]: candidate.version }).sort(([a], [b]) => a.localeCompare(b)));
  return {
    ...candidate,
    manifest: { ...manifest, dependencies: add(manifest.dependencies) },
    lock: { ...lock, packages: { ...packages, "": { ...root, dependencies: add(root.dependencies) } } },
  };
}

export function hasNpmManifest(dir: string): boolean {
  return existsSync(join(dir, "package.json")) && existsSync(join(dir, "package-lock.json"));
}

export function applyDependencyChange(dir: string): DependencyChange {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
  const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8")) as Lockfile;
  const change = promoteTransitiveDependency(manifest, lock);
  if (!change) throw new Error(`${dir}: no transitive production dependency to promote (lockfile v2+ needed)`);
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(change.manifest, null, 2)}\n`);
  writeFileSync(join(dir, "package-lock.json"), `${JSON.stringify(change.lock, null, 2)}\n`);
  return change;
}
