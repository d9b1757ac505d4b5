import { describe, expect, it } from "vitest";
import { generatorMayBeBottleneck, measureCeiling } from "./load-ceiling.ts";
import type { LoadResult } from "./load-options.ts";

describe("measureCeiling", () => {
  it("measures the generator's own requests/s on loopback in both modes", async () => {
    const ceiling = await measureCeiling({ durationMs: 1_000, connections: 8 });
    console.info(`load generator ceiling: ${JSON.stringify(ceiling)}`);
    expect(ceiling.closedLoopPerSec).toBeGreaterThan(200);
    expect(ceiling.openLoopSustainedPerSec).toBeGreaterThan(100);
    expect(ceiling.closedLoopP99Ms).not.toBeNull();

    const near = { mode: "open", throughputPerSec: ceiling.openLoopSustainedPerSec * 0.9 } as LoadResult;
    const far = { mode: "closed", throughputPerSec: 5 } as LoadResult;
    expect(generatorMayBeBottleneck(near, ceiling)).toBe(true);
    expect(generatorMayBeBottleneck(far, ceiling)).toBe(false);
  });
});
