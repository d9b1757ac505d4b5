// The files of a build context after .containerignore/.dockerignore, and a hash of them: an image is
// rebuilt only when its context, Containerfile or build args change.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import dockerignoreModule, { type Ignore } from "@balena/dockerignore";

// A CommonJS factory whose typings declare an ES default export.
const dockerignore = dockerignoreModule as unknown as (opts: { ignorecase: boolean }) => Ignore;

export function ignoreFilter(context: string): (relPath: string) => boolean {
  const file = [".containerignore", ".dockerignore"].map((f) => join(context, f)).find((f) => existsSync(f));
  if (!file) return () => false;
  const ig = dockerignore({ ignorecase: false }).add(readFileSync(file, "utf8"));
  return (relPath: string) => relPath !== "" && ig.ignores(relPath.split(sep).join("/"));
}

export function contextFiles(context: string): string[] {
  const ignored = ignoreFilter(context);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, entry.name);
      const rel = relative(context, abs);
      if (ignored(rel)) continue;
      if (entry.isDirectory()) walk(abs);
      else if (entry.isFile()) out.push(rel);
    }
  };
  walk(context);
  return out.sort();
}

export function contextHash(context: string, extra: unknown): string {
  const h = createHash("sha256").update(JSON.stringify(extra));
  for (const rel of contextFiles(context)) {
    const abs = join(context, rel);
    h.update(rel).update(String(statSync(abs).mode & 0o111)).update(readFileSync(abs));
  }
  return h.digest("hex").slice(0, 12);
}
