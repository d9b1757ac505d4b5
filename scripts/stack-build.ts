// npm run stack:build: build every image of the target stack (and the fault proxy) offline.
import { join } from "node:path";
import { readEnv } from "../harness/config/env.ts";
import { prepareRun } from "../harness/engine/prepare.ts";
import { openEngineSession } from "../harness/engine/engine-session.ts";
import { dockerodeFor } from "../harness/engine/engine-client.ts";
import { loadCompose } from "../harness/stack/compose/index.ts";
import { ensureStackImages } from "../harness/stack/images/stack-images.ts";
import { ensureToolImage } from "../harness/stack/images/tool-images.ts";
import { readVariables } from "../harness/config/env.ts";
import { reportFatal } from "../harness/util/fatal.ts";

const env = readEnv();
const force = process.argv.includes("--force");
const log = (line: string) => console.log(line);
try {
  await prepareRun(env, log);
  const session = openEngineSession(env);
  const docker = dockerodeFor(session.target);
  const model = loadCompose(env.composeFile, { mode: "strict", variables: readVariables() });
  const t0 = Date.now();
  const images = await ensureStackImages(docker, model, session.baseImage, log, { force });
  const proxy = await ensureToolImage(docker, join(env.projectRoot, "stack", "fault-proxy"), "fault-proxy", session.baseImage, log, { force });
  for (const i of Object.values(images)) log(`${i.service.padEnd(10)} ${i.image}${i.built ? ` (built in ${((i.build?.durationMs ?? 0) / 1000).toFixed(1)} s)` : " (cached)"}`);
  log(`${"fault-proxy".padEnd(10)} ${proxy}`);
  log(`stack:build done in ${((Date.now() - t0) / 1000).toFixed(1)} s on the ${session.target.kind} engine`);
} catch (err) {
  reportFatal("stack:build", err);
}
