// Resolves the image of every compose service: built services get a content-addressed local tag
// and are built only when missing; image services must already exist (there is no registry).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type Dockerode from "dockerode";
import type { ComposeModel, ServiceModel } from "../compose/index.ts";
import { buildImage, type BuildResult } from "./build-image.ts";
import { contextHash } from "./build-context.ts";
import { removeSupersededTags } from "./superseded-tags.ts";

export interface ServiceImage {
  service: string;
  image: string;
  built: boolean;
  build?: BuildResult;
}

export class MissingImageError extends Error {
  override name = "MissingImageError";
}

export function dockerfileOf(svc: ServiceModel): string {
  const b = svc.build!;
  if (b.dockerfile) return b.dockerfile;
  return existsSync(join(b.context, "Containerfile")) ? "Containerfile" : "Dockerfile";
}

/** Build args with BASE_IMAGE filled in when the Containerfile declares it and compose does not set it. */
export function buildArgsOf(svc: ServiceModel, baseImage: string): Record<string, string> {
  const args: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.build?.args ?? {})) if (v !== undefined) args[k] = v;
  const file = join(svc.build!.context, dockerfileOf(svc));
  if (!("BASE_IMAGE" in args) && existsSync(file) && /^\s*ARG\s+BASE_IMAGE\b/m.test(readFileSync(file, "utf8"))) args.BASE_IMAGE = baseImage;
  return args;
}

export function imageTagOf(model: ComposeModel, svc: ServiceModel, baseImage: string): string {
  const project = (model.name ?? "stack").toLowerCase().replace(/[^a-z0-9_.-]/g, "-");
  const hash = contextHash(svc.build!.context, { dockerfile: dockerfileOf(svc), args: buildArgsOf(svc, baseImage), target: svc.build!.target });
  return `localhost/${project}-${svc.name}:${hash}`;
}

async function exists(docker: Dockerode, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch {
    return false;
  }
}

export async function ensureStackImages(
  docker: Dockerode,
  model: ComposeModel,
  baseImage: string,
  log: (line: string) => void,
  opts: { force?: boolean; services?: string[] } = {},
): Promise<Record<string, ServiceImage>> {
  const out: Record<string, ServiceImage> = {};
  const services = Object.values(model.services).filter((s) => !opts.services || opts.services.includes(s.name));
  for (const svc of services) {
    if (!svc.build) {
      const image = svc.image!;
      if (!(await exists(docker, image))) {
        throw new MissingImageError(`${model.file}: service '${svc.name}' uses image '${image}', which is not in the engine's store and cannot be pulled here (no registry): build or load it first (podman load / podman build -t ${image})`);
      }
      out[svc.name] = { service: svc.name, image, built: false };
      continue;
    }
    const tag = imageTagOf(model, svc, baseImage);
    if (!opts.force && (await exists(docker, tag))) {
      out[svc.name] = { service: svc.name, image: tag, built: false };
      continue;
    }
    const file = join(svc.build.context, dockerfileOf(svc));
    if (!existsSync(file)) throw new MissingImageError(`${model.file}: service '${svc.name}' build: ${file} does not exist`);
    log(`building ${svc.name} -> ${tag}`);
    const result = await buildImage(
      docker,
      { context: svc.build.context, dockerfile: dockerfileOf(svc), tag, args: buildArgsOf(svc, baseImage), target: svc.build.target },
      (line) => {
        if (/^(STEP|Step) \d+/.test(line)) log(`  ${svc.name}: ${line}`);
      },
    );
    log(`built ${svc.name} in ${(result.durationMs / 1000).toFixed(1)} s`);
    await removeSupersededTags(docker, tag, log);
    out[svc.name] = { service: svc.name, image: tag, built: true, build: result };
  }
  return out;
}
