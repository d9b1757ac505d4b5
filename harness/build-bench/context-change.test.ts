import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyDependencyChange, applySourceChange, promoteTransitiveDependency, sourceFileOf } from "./context-change.ts";

const lock = {
  lockfileVersion: 3,
  packages: {
    "": { name: "x", dependencies: { ioredis: "5.11.1" }, devDependencies: { typescript: "5.9.3" } },
    "node_modules/ioredis": { version: "5.11.1", dependencies: { denque: "^2.1.0" } },
    "node_modules/denque": { version: "2.1.0" },
    "node_modules/typescript": { version: "5.9.3", dev: true },
    "node_modules/fsevents": { version: "2.3.3", optional: true },
    "node_modules/ioredis/node_modules/nested": { version: "1.0.0" },
  },
};
const manifest = { dependencies: { ioredis: "5.11.1" }, devDependencies: { typescript: "5.9.3" } };
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("context changes", () => {
  it("promotes a hoisted production dependency, in package.json and the lockfile's root alike", () => {
    const c = promoteTransitiveDependency(manifest, lock)!;
    expect([c.name, c.version]).toEqual(["denque", "2.1.0"]);
    expect(c.manifest.dependencies).toEqual({ denque: "2.1.0", ioredis: "5.11.1" });
    expect(c.lock.packages![""]!.dependencies).toEqual({ denque: "2.1.0", ioredis: "5.11.1" });
    expect(lock.packages[""].dependencies).toEqual({ ioredis: "5.11.1" });
  });

  it("finds no change when only dev, optional or nested packages are left, or the lockfile is v1", () => {
    const only = { ...lock, packages: { ...lock.packages, "node_modules/denque": { version: "2.1.0", dev: true } } };
    expect(promoteTransitiveDependency(manifest, only)).toBeUndefined();
    expect(promoteTransitiveDependency(manifest, { ...lock, lockfileVersion: 1 })).toBeUndefined();
  });

  it("edits the first source file with a comment of its language", () => {
    const dir = mkdtempSync(join(tmpdir(), "bb-ctx-"));
    dirs.push(dir);
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src", "main.ts"), "export {};");
    writeFileSync(join(dir, "package.json"), JSON.stringify(manifest));
    writeFileSync(join(dir, "package-lock.json"), JSON.stringify(lock));
    expect(applySourceChange(dir, "n1")).toBe("src/main.ts");
    expect(readFileSync(join(dir, "src", "main.ts"), "utf8")).toBe("export {};\n// build-bench n1\n");
    expect(applyDependencyChange(dir).name).toBe("denque");
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).dependencies.denque).toBe("2.1.0");
  });

  it("picks a copied config file when there is no src/", () => {
    expect(sourceFileOf(["Containerfile", "redis.conf", "entrypoint.sh"])).toBe("entrypoint.sh");
    expect(sourceFileOf(["Containerfile", "Caddyfile"])).toBe("Caddyfile");
    expect(sourceFileOf(["Containerfile", "package.json"])).toBeUndefined();
  });
});
