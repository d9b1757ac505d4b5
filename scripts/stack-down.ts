// npm run stack:down: remove stacks started by stack:up (and anything else of this suite) by label.
import { readEnv } from "../harness/config/env.ts";
import { openEngineSession, reapWithLog } from "../harness/engine/engine-session.ts";
import { reportFatal } from "../harness/util/fatal.ts";

try {
  const t0 = Date.now();
  await reapWithLog(openEngineSession(readEnv()), { kind: "all" }, (line) => console.log(line));
  console.log(`stack:down done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
} catch (err) {
  reportFatal("stack:down", err);
}
