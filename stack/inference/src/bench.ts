import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { LlamaCompletion, getLlama } from "node-llama-cpp";
import { generateModel } from "./gguf/generate.ts";
import { tokenizePrompt } from "./gguf/predictable.ts";

// BOS + 31 byte/space tokens: the 32-token prompt the latency budget is defined on.
const PROMPT_32 = "The quick brown fox jumps over ";

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** In-process latency of a 32-token prompt + N generated tokens per model size (no HTTP). */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "8,20,40,64" },
      runs: { type: "string", default: "30" },
      predict: { type: "string", default: "16" },
      threads: { type: "string", default: "1" },
      mode: { type: "string", default: "predictable" },
    },
  });
  const sizes = values.sizes.split(",").map(Number);
  const runs = Number(values.runs);
  const predict = Number(values.predict);
  const threads = Number(values.threads);
  if (tokenizePrompt(PROMPT_32).length !== 32) throw new Error("benchmark prompt is not 32 tokens");
  const dir = mkdtempSync(join(tmpdir(), "inference-bench-"));
  const llama = await getLlama({ gpu: false, build: "never", skipDownload: true, maxThreads: threads });
  try {
    for (const sizeMb of sizes) {
      const generated = generateModel({ sizeMb, seed: 1, mode: values.mode === "random" ? "random" : "predictable" }, join(dir, `${sizeMb}.gguf`));
      const model = await llama.loadModel({ modelPath: generated.path });
      const context = await model.createContext({ contextSize: 256, threads });
      const sequence = context.getSequence();
      const completion = new LlamaCompletion({ contextSequence: sequence });
      const times: number[] = [];
      const cpuTimes: number[] = [];
      for (let i = 0; i < runs + 3; i++) {
        await sequence.clearHistory();
        const cpu = process.cpuUsage();
        const started = performance.now();
        await completion.generateCompletion(PROMPT_32, { maxTokens: predict, repeatPenalty: false });
        const wall = performance.now() - started;
        const used = process.cpuUsage(cpu);
        if (i >= 3) {
          times.push(wall);
          cpuTimes.push((used.user + used.system) / 1000);
        }
      }
      times.sort((a, b) => a - b);
      cpuTimes.sort((a, b) => a - b);
      const { plan } = generated;
      process.stdout.write(
        `${JSON.stringify({
          sizeMb,
          fileBytes: generated.bytes,
          dims: `d${plan.embeddingLength} L${plan.blockCount} ff${plan.feedForwardLength} h${plan.headCount}`,
          threads,
          promptTokens: 32,
          predicted: predict,
          runs,
          minMs: +quantile(times, 0).toFixed(1),
          p50Ms: +quantile(times, 0.5).toFixed(1),
          p90Ms: +quantile(times, 0.9).toFixed(1),
          maxMs: +quantile(times, 1).toFixed(1),
          // CPU time is what the run costs on an idle machine; wall time also shows contention.
          cpuP50Ms: +quantile(cpuTimes, 0.5).toFixed(1),
          loadAvg1m: +(loadavg()[0] ?? 0).toFixed(2),
        })}\n`,
      );
      await context.dispose();
      await model.dispose();
    }
  } finally {
    await llama.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
