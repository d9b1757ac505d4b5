// Content-addressed tags pile up: every change to a build context makes a new tag of the same
// repository. After a build, the older tags of that repository go (an image a container still uses is
// refused by the engine and stays until the next build); `latest` is never touched.
import type Dockerode from "dockerode";

export function supersededTags(keepTag: string, tags: readonly string[]): string[] {
  const repository = keepTag.slice(0, keepTag.lastIndexOf(":"));
  return tags.filter((tag) => tag !== keepTag && tag.slice(0, tag.lastIndexOf(":")) === repository && !tag.endsWith(":latest"));
}

export async function removeSupersededTags(docker: Dockerode, keepTag: string, log: (line: string) => void): Promise<string[]> {
  const images = await docker.listImages().catch(() => []);
  const removed: string[] = [];
  for (const tag of supersededTags(keepTag, images.flatMap((image) => image.RepoTags ?? []))) {
    try {
      await docker.getImage(tag).remove();
      removed.push(tag);
    } catch {
      // in use by a container (or a parent of another image): it goes after the next build
    }
  }
  if (removed.length > 0) log(`removed ${removed.length} superseded image tag(s): ${removed.join(", ")}`);
  return removed;
}
