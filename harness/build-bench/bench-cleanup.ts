// Removes only what one benchmark run created: images carrying its run label (final and
// intermediate layers) and its own cache-mount directories. Never prunes anything else.
import type Dockerode from "dockerode";
import type { EngineTarget } from "../engine/engine-target.ts";
import { benchRunLabel } from "./containerfile-transform.ts";
import { removeCacheDirs } from "./cache-location.ts";

export interface CleanupResult {
  images: number;
  cacheDirs: string[];
  errors: string[];
}

export async function removeBenchImages(docker: Dockerode, runTag: string): Promise<{ removed: number; errors: string[] }> {
  const errors: string[] = [];
  let removed = 0;
  // children before parents: an image with dependants cannot be removed
  for (let pass = 0; pass < 5; pass++) {
    const images = await docker.listImages({ all: true, filters: { label: [`${benchRunLabel}=${runTag}`] } });
    if (images.length === 0) break;
    errors.length = 0;
    for (const img of images.sort((a, b) => b.Created - a.Created)) {
      try {
        await docker.getImage(img.Id).remove({ force: true });
        removed++;
      } catch (err) {
        if (!/no such image|image not known/i.test((err as Error).message)) errors.push(`${img.Id.slice(0, 12)}: ${(err as Error).message}`);
      }
    }
  }
  return { removed, errors };
}

export async function cleanupBenchRun(docker: Dockerode, target: EngineTarget, runTag: string, cachePrefix: string): Promise<CleanupResult> {
  const { removed, errors } = await removeBenchImages(docker, runTag);
  return { images: removed, cacheDirs: removeCacheDirs(target, cachePrefix), errors };
}
