import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ComposeError, loadCompose, startOrder } from "./index.ts";

const fixture = (p: string) => fileURLToPath(new URL(`./fixtures/${p}`, import.meta.url));

describe("startOrder", () => {
  it("groups services into waves that respect depends_on", () => {
    expect(startOrder(loadCompose(fixture("order.yaml")))).toEqual([["inference", "redis", "ui"], ["api"], ["gateway"]]);
  });
  it("throws a ComposeError naming the cycle", () => {
    const m = loadCompose(fixture("errors/cycle.yaml"), { mode: "tolerant" });
    expect(() => startOrder(m)).toThrow(ComposeError);
    expect(() => startOrder(m)).toThrow(/a -> b -> c -> a/);
  });
});
