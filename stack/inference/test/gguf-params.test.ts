import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { generateModel } from "../src/gguf/generate.ts";
import { MAX_SIZE_MB, ModelParamsError, planModel, type ModelParams } from "../src/gguf/plan.ts";

const dir = mkdtempSync(join(tmpdir(), "gguf-params-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function issuesOf(params: ModelParams): string {
  try {
    planModel(params);
  } catch (err) {
    expect(err).toBeInstanceOf(ModelParamsError);
    return (err as Error).message;
  }
  throw new Error("expected planModel to throw");
}

describe("GGUF generator parameter validation", () => {
  test.each([
    [{ sizeMb: 0, seed: 1, mode: "predictable" }, /sizeMb must be in/],
    [{ sizeMb: -5, seed: 1, mode: "predictable" }, /sizeMb must be in/],
    [{ sizeMb: MAX_SIZE_MB + 1, seed: 1, mode: "predictable" }, /sizeMb must be in/],
    [{ sizeMb: Number.NaN, seed: 1, mode: "predictable" }, /sizeMb must be a finite number/],
    [{ sizeMb: 4, seed: -1, mode: "predictable" }, /seed must be an integer/],
    [{ sizeMb: 4, seed: 1.5, mode: "predictable" }, /seed must be an integer/],
    [{ sizeMb: 4, seed: 1, mode: "chaotic" }, /mode must be one of predictable\|random/],
    [{ sizeMb: 4, seed: 1, mode: "predictable", embeddingLength: 256, headCount: 3 }, /embeddingLength \(256\) must be divisible by headCount \(3\)/],
    [{ sizeMb: 4, seed: 1, mode: "predictable", embeddingLength: 96, headCount: 32 }, /head dimension .* must be even/],
    [{ sizeMb: 4, seed: 1, mode: "predictable", headCount: 4, headCountKv: 3, embeddingLength: 256 }, /headCount \(4\) must be divisible by headCountKv \(3\)/],
    [{ sizeMb: 4, seed: 1, mode: "predictable", blockCount: 0 }, /blockCount must be an integer/],
    [{ sizeMb: 0.6, seed: 1, mode: "predictable", embeddingLength: 1024 }, /too small for embeddingLength 1024/],
    [{ seed: 1, mode: "predictable" }, /sizeMb is required/],
  ] as [ModelParams, RegExp][])("%j is rejected with a clear message", (params, message) => {
    expect(issuesOf(params)).toMatch(message);
  });

  test("all problems are reported at once", () => {
    const message = issuesOf({ sizeMb: -1, seed: -1, mode: "x" as never });
    expect(message).toMatch(/mode/);
    expect(message).toMatch(/seed/);
    expect(message).toMatch(/sizeMb/);
  });

  test("nothing is written when parameters are invalid", () => {
    const out = join(dir, "never.gguf");
    expect(() => generateModel({ sizeMb: 1, seed: 1, mode: "predictable", embeddingLength: 256, headCount: 3 }, out)).toThrow(
      ModelParamsError,
    );
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  test("a missing output directory is a clear error", () => {
    expect(() => generateModel({ sizeMb: 1, seed: 1, mode: "predictable" }, join(dir, "no/such/dir/m.gguf"))).toThrow(
      /Output directory .* does not exist/,
    );
  });

  test("the CLI exits 2 with the message instead of crashing", () => {
    const repoRoot = resolve(import.meta.dirname, "../../..");
    const cli = resolve(import.meta.dirname, "../src/gguf/cli.ts");
    const run = spawnSync(process.execPath, ["--import", "tsx", cli, "--out", join(dir, "cli.gguf"), "--size-mb", "abc"], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--size-mb must be a number, got "abc"/);
    expect(existsSync(join(dir, "cli.gguf"))).toBe(false);
  });
});
