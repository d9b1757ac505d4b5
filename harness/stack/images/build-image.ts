// Builds one image through the engine's API (works for local and remote engines) with the build
// output kept, so a failing step is reported with its own error text.
import type Dockerode from "dockerode";
import { pack } from "tar-fs";
import { ignoreFilter } from "./build-context.ts";
import { relative } from "node:path";

export interface BuildRequest {
  context: string;
  dockerfile: string;
  tag: string;
  args: Record<string, string>;
  labels?: Record<string, string>;
  noCache?: boolean;
  target?: string;
}

export interface BuildResult {
  tag: string;
  durationMs: number;
  output: string[];
}

export class ImageBuildError extends Error {
  override name = "ImageBuildError";
  constructor(
    readonly tag: string,
    readonly context: string,
    readonly detail: string,
    readonly output: string[],
  ) {
    super(`building ${tag} from ${context} failed: ${detail}`);
  }
  toJSON() {
    return { name: this.name, message: this.message, tag: this.tag, context: this.context, tail: this.output.slice(-20) };
  }
}

export async function buildImage(docker: Dockerode, req: BuildRequest, onLine?: (line: string) => void): Promise<BuildResult> {
  const t0 = Date.now();
  const ignored = ignoreFilter(req.context);
  const tar = pack(req.context, { ignore: (name: string) => ignored(relative(req.context, name)) });
  const output: string[] = [];
  let failure: string | undefined;
  const stream = await docker.buildImage(tar as unknown as NodeJS.ReadableStream, {
    t: req.tag,
    dockerfile: req.dockerfile,
    buildargs: req.args,
    labels: req.labels ?? {},
    nocache: req.noCache ?? false,
    target: req.target,
    rm: true,
    forcerm: true,
  } as Dockerode.ImageBuildOptions);
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null) => (err ? reject(err) : resolve()),
      (event: { stream?: string; error?: string; errorDetail?: { message?: string } }) => {
        if (event.stream) {
          for (const line of event.stream.split("\n").filter((l) => l.trim())) {
            output.push(line);
            onLine?.(line);
          }
        }
        if (event.error) failure = event.errorDetail?.message ?? event.error;
      },
    );
  }).catch((err: Error) => {
    failure ??= err.message;
  });
  if (failure) throw new ImageBuildError(req.tag, req.context, failure.trim().split("\n").pop() ?? failure, output);
  return { tag: req.tag, durationMs: Date.now() - t0, output };
}
