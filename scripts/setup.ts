// npm run setup: install and configure Podman (as root), the rootless user, API services, base image.
import { readEnv } from "../harness/config/env.ts";
import { runSetup } from "../harness/engine/setup.ts";
import { reportFatal } from "../harness/util/fatal.ts";

const env = readEnv();
try {
  const r = await runSetup(env, (line) => console.log(`setup: ${line}`));
  const engines = Object.values(r.state.engines).map((e) => `${e.kind} (${e.user}, ${e.socketUrl})`);
  console.log(`setup: ready in ${(r.elapsedMs / 1000).toFixed(1)} s; engines: ${engines.join("; ")}; base image ${r.state.baseImage?.tag}`);
} catch (err) {
  reportFatal("setup", err);
}
