// What survives a container restart: tmpfs contents must vanish, volume contents must stay.
import { randomBytes } from "node:crypto";
import type { StartedStack } from "../launcher/started-stack.ts";
import { waitUntil } from "../../util/wait-until.ts";
import type { MountCheck } from "./mount-check.ts";
import { serviceUid } from "./live-mount-checks.ts";

export type AfterRestart = "vanishes" | "survives";

const markerName = ".xnai-restart-marker";

export function judgeRestart(service: string, path: string, expected: AfterRestart, token: string, readBack: { exitCode: number; stdout: string }): MountCheck {
  const survived = readBack.exitCode === 0 && readBack.stdout.trim() === token;
  return {
    check: `data-${expected}-after-restart ${path}`,
    service,
    ok: (expected === "survives") === survived,
    found: survived ? "the marker written before the restart is still there" : `the marker is gone after the restart (read exit ${readBack.exitCode})`,
  };
}

export async function checkDataAfterRestart(stack: StartedStack, service: string, path: string, expected: AfterRestart, readyTimeoutMs: number): Promise<MountCheck> {
  const uid = await serviceUid(stack, service);
  const token = randomBytes(8).toString("hex");
  const write = await stack.exec(service, ["sh", "-c", 'printf %s "$2" > "$1/.xnai-restart-marker"', "marker", path, token], { user: uid });
  if (write.exitCode !== 0) return { check: `data-${expected}-after-restart ${path}`, service, ok: false, found: `could not write a marker as uid ${uid}: ${write.output.trim()}` };
  await stack.restart(service);
  await waitUntil(() => stack.healthy(service), { timeoutMs: readyTimeoutMs, intervalMs: 250, what: `${service} healthy after its restart` });
  const read = await stack.exec(service, ["cat", `${path}/${markerName}`], { user: uid });
  return judgeRestart(service, path, expected, token, read);
}
