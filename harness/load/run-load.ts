import { runClosedLoop } from "./closed-loop-load.ts";
import type { LoadOptions, LoadResult } from "./load-options.ts";
import { runOpenLoop } from "./open-loop-load.ts";

export type { ClosedLoopMode, LoadOptions, LoadResult, OpenLoopMode } from "./load-options.ts";

/** Bounded load against one endpoint; see ClosedLoopMode and OpenLoopMode for what each measures. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (!(options.timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0, got ${options.timeoutMs}`);
  const { mode } = options;
  return mode.kind === "closed" ? runClosedLoop({ ...options, mode }) : runOpenLoop({ ...options, mode });
}
