// Images of the suite's own tools (the fault proxy), built like stack images but not part of a stack.
import { join } from "node:path";
import type Dockerode from "dockerode";
import { buildImage } from "./build-image.ts";
import { contextHash } from "./build-context.ts";
import { removeSupersededTags } from "./superseded-tags.ts";

export async function ensureToolImage(
  docker: Dockerode,
  context: string,
  name: string,
  baseImage: string,
  log: (line: string) => void,
  opts: { force?: boolean } = {},
): Promise<string> {
  const args = { BASE_IMAGE: baseImage };
  const tag = `localhost/xnai-tool-${name}:${contextHash(context, { args })}`;
  const exists = await docker.getImage(tag).inspect().then(() => true, () => false);
  if (exists && !opts.force) return tag;
  log(`building tool image ${name} -> ${tag}`);
  const r = await buildImage(docker, { context, dockerfile: "Containerfile", tag, args });
  log(`built ${name} in ${(r.durationMs / 1000).toFixed(1)} s`);
  await removeSupersededTags(docker, tag, log);
  return tag;
}

export const faultProxyContext = (projectRoot: string) => join(projectRoot, "stack", "fault-proxy");
