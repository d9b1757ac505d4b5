// npm run stack:up: start the target stack and leave it running (npm run stack:down removes it).
import { readEnv, readVariables } from "../harness/config/env.ts";
import { prepareRun } from "../harness/engine/prepare.ts";
import { openEngineSession, reapWithLog } from "../harness/engine/engine-session.ts";
import { resolveTarget } from "../harness/stack/target.ts";
import { launchStack } from "../harness/stack/launcher/launch-stack.ts";
import { reportFatal } from "../harness/util/fatal.ts";

const env = readEnv();
const log = (line: string) => console.log(line);
try {
  await prepareRun(env, log);
  const target = await resolveTarget(env, process.argv.slice(2));
  const session = openEngineSession(env, { keep: true });
  await reapWithLog(session, { kind: "orphans" }, log);
  const stack = await launchStack({ session, composeFile: target.composeFile, profile: target.profile, variables: readVariables(), log });
  for (const f of stack.findings) log(`finding: ${f.service} ${f.key}: ${f.message}`);
  const gw = target.profile.endpoints.gateway;
  if (gw) {
    const url = stack.url(gw.service, gw.port, `${gw.apiPrefix}${target.profile.endpoints.api.queryPath}`);
    const keyFile = stack.model.secrets[target.profile.credentials.apiKeySecret]?.file;
    log(`stack up (run ${env.runId}). Try:\n  curl -s -H "x-api-key: $(cat ${keyFile})" -H 'content-type: application/json' -d '{"query":"what is redis","max_tokens":16}' ${url}`);
  }
  log("remove it with: npm run stack:down");
} catch (err) {
  reportFatal("stack:up", err);
}
