import { parseArgs } from "node:util";
import { generateModel, sha256File } from "./generate.ts";
import { DEFAULT_MODEL_SIZE_MB, MODEL_MODES, ModelParamsError, type ModelMode } from "./plan.ts";

const USAGE =
  `usage: node dist/gguf/cli.js --out FILE [--size-mb MiB (default ${DEFAULT_MODEL_SIZE_MB})] ` +
  "[--seed S (default 1)] [--mode predictable|random (default predictable)] [--context-length N (default 2048)]";

function toNumber(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n)) throw new ModelParamsError([`--${flag} must be a number, got "${raw}"`]);
  return n;
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      out: { type: "string" },
      "size-mb": { type: "string", default: String(DEFAULT_MODEL_SIZE_MB) },
      seed: { type: "string", default: "1" },
      mode: { type: "string", default: "predictable" },
      "context-length": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.out === undefined) throw new ModelParamsError(["--out is required"]);
  if (!MODEL_MODES.includes(values.mode as ModelMode)) {
    throw new ModelParamsError([`--mode must be one of ${MODEL_MODES.join("|")}, got "${values.mode}"`]);
  }
  const started = performance.now();
  const model = generateModel(
    {
      sizeMb: toNumber("size-mb", values["size-mb"]),
      seed: toNumber("seed", values.seed) ?? 1,
      mode: values.mode as ModelMode,
      contextLength: toNumber("context-length", values["context-length"]),
    },
    values.out,
  );
  const { plan } = model;
  process.stdout.write(
    `${JSON.stringify({
      msg: "model generated",
      path: model.path,
      bytes: model.bytes,
      sha256: await sha256File(model.path),
      ms: Math.round(performance.now() - started),
      mode: plan.mode,
      seed: plan.seed,
      embeddingLength: plan.embeddingLength,
      blockCount: plan.blockCount,
      feedForwardLength: plan.feedForwardLength,
      headCount: plan.headCount,
      vocabSize: plan.vocabSize,
      contextLength: plan.contextLength,
    })}\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${message}\n${USAGE}\n`);
    process.exit(2);
  },
);
