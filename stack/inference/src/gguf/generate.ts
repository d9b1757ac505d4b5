import { createHash } from "node:crypto";
import { createReadStream, existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { writeGguf } from "./format.ts";
import { planModel, type ModelParams, type ModelPlan } from "./plan.ts";
import { buildMetadata, buildTensors } from "./tensors.ts";

export interface GeneratedModel {
  readonly path: string;
  readonly bytes: number;
  readonly plan: ModelPlan;
}

/** Validates `params` (throwing ModelParamsError before touching the filesystem), then writes the GGUF file. */
export function generateModel(params: ModelParams, outPath: string): GeneratedModel {
  const plan = planModel(params);
  const dir = dirname(outPath);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`Output directory ${dir} does not exist`);
  }
  const layout = writeGguf(outPath, buildMetadata(plan), buildTensors(plan));
  return { path: outPath, bytes: layout.totalBytes, plan };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
