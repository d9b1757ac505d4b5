import { describe, expect, it } from "vitest";
import type { StoredBreakersSnapshot } from "./breaker-store-reader.ts";
import { recordGaps } from "./store-record-gaps.ts";

const present = (breaker: string) => ({ kind: "state" as const, value: { breaker, state: "open" as const, failureCount: 3, openedAtMs: 1 } });
const absent = (breaker: string) => ({ kind: "absent" as const, breaker });
const at = (atMs: number, ...reads: StoredBreakersSnapshot["reads"]): StoredBreakersSnapshot => ({ atMs, reads });

describe("recordGaps", () => {
  it("ignores a breaker that never wrote a record", () => {
    expect(recordGaps([at(1, absent("redis")), at(2, absent("redis"))])).toEqual([]);
  });

  it("finds a record lost after it was written, and whether it came back", () => {
    const gaps = recordGaps([at(1, present("llm"), absent("redis")), at(2, absent("llm")), at(3, absent("llm")), at(4, present("llm")), at(5, absent("llm"))]);
    expect(gaps).toEqual([
      { breaker: "llm", fromMs: 2, untilMs: 3, restored: true },
      { breaker: "llm", fromMs: 5, untilMs: 5, restored: false },
    ]);
  });
});
