// The offline base image: a Debian bookworm minbase root filesystem made by mmdebstrap, with the
// host's Node and npm copied in, imported into each engine's store. Rebuilt only when its recipe changes.
import { supersededTags } from "../stack/images/superseded-tags.ts";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { podman, runCommand } from "./podman-cli.ts";
import type { EngineTarget } from "./engine-target.ts";
import { hostEnv } from "./host-setup.ts";

export const baseImageRepo = "localhost/xnai-base";

export const baseRecipe = {
  suite: "bookworm",
  variant: "minbase",
  packages: [
    "ca-certificates", "catatonit", "redis-server", "redis-tools", "caddy", "stress-ng", "curl", "procps",
    "iproute2", "libgomp1", "libstdc++6", "passwd",
  ],
  mirror: "http://deb.debian.org/debian",
  // Node from the host (Debian's nodejs is 18; node-llama-cpp wants >= 20) and a non-root app user.
  hooks: [
    'copy-in /usr/bin/node /usr/bin',
    'mkdir -p "$1"/usr/lib/node_modules/npm',
    'sync-in /usr/lib/node_modules/npm /usr/lib/node_modules/npm',
    'chroot "$1" ln -sf /usr/lib/node_modules/npm/bin/npm-cli.js /usr/bin/npm',
    'chroot "$1" ln -sf /usr/lib/node_modules/npm/bin/npx-cli.js /usr/bin/npx',
    // Local CAs (e.g. a TLS-intercepting egress proxy) so npm/apt inside builds trust what the host trusts.
    'mkdir -p "$1"/usr/local/share/ca-certificates',
    'sync-in /usr/local/share/ca-certificates /usr/local/share/ca-certificates',
    'chroot "$1" update-ca-certificates --fresh',
    'chroot "$1" groupadd --gid 10001 app',
    'chroot "$1" useradd --uid 10001 --gid 10001 --create-home --shell /usr/sbin/nologin app',
    'rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/usr/share/doc/* "$1"/usr/share/man/*',
  ],
  revision: 2,
};

export async function baseImageHash(): Promise<string> {
  const nodeVersion = (await runCommand(["/usr/bin/node", "--version"], hostEnv)).stdout.trim();
  const h = createHash("sha256").update(JSON.stringify({ baseRecipe, nodeVersion }));
  for (const f of localCaFiles()) h.update(f).update(readFileSync(f));
  return h.digest("hex").slice(0, 12);
}

function localCaFiles(): string[] {
  const dir = "/usr/local/share/ca-certificates";
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export async function imageExists(target: EngineTarget, ref: string): Promise<boolean> {
  return (await podman(target, ["image", "exists", ref], { allowFailure: true })).code === 0;
}

/** Builds the root filesystem tarball once per recipe hash (~1 minute), cached under .cache/base. */
export async function buildBaseTarball(cacheDir: string, hash: string, log: (line: string) => void): Promise<string> {
  mkdirSync(cacheDir, { recursive: true });
  const tarball = join(cacheDir, `xnai-base-${hash}.tar`);
  if (existsSync(tarball)) return tarball;
  for (const old of readdirSync(cacheDir)) if (old.startsWith("xnai-base-")) rmSync(join(cacheDir, old), { force: true });
  log(`building base root filesystem with mmdebstrap (bookworm minbase, ${baseRecipe.packages.length} packages; ~1 minute)`);
  const partial = `${tarball}.partial`;
  await runCommand(
    [
      "mmdebstrap", "--variant=minbase", "--mode=root", "--quiet", "--format=tar",
      `--include=${baseRecipe.packages.join(",")}`,
      ...baseRecipe.hooks.map((h) => `--customize-hook=${h}`),
      baseRecipe.suite, partial, baseRecipe.mirror,
    ],
    hostEnv,
    { timeoutMs: 900_000 },
  );
  renameSync(partial, tarball);
  return tarball;
}

/** Imports the tarball into the engine's store (rootless and rootful stores are separate). */
export async function importBaseImage(target: EngineTarget, tarball: string, hash: string): Promise<string> {
  const tag = `${baseImageRepo}:${hash}`;
  if (!(await imageExists(target, tag))) {
    // Piped through stdin: the rootless user may not be able to read the project's folder.
    await podman(
      target,
      ["import", "--change", 'CMD ["/bin/bash"]', "--change", "ENV LANG=C.UTF-8", "--change", "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt", "-", tag],
      { input: createReadStream(tarball), timeoutMs: 300_000 },
    );
  }
  await podman(target, ["tag", tag, `${baseImageRepo}:latest`]);
  // earlier recipes' tags: podman refuses those stack images still build on, which then go with them later
  const listed = await podman(target, ["images", "--format", "{{.Repository}}:{{.Tag}}", baseImageRepo], { allowFailure: true });
  for (const old of supersededTags(tag, listed.stdout.split("\n").map((line) => line.trim()).filter(Boolean))) {
    await podman(target, ["rmi", old], { allowFailure: true });
  }
  return tag;
}
