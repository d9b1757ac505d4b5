// Volatility: scratch data written to a service's tmpfs is gone after the service restarts, and the
// secrets a service gets are held in a RAM-backed mount inside its container. Restarts services:
// run it on a private stack.
import { randomBytes } from "node:crypto";
import { waitUntil } from "../util/wait-until.ts";
import { result, type CheckResult, type SecurityCheck } from "./check-result.ts";
import { oneLine, shellIn, stackServices } from "./container-probe.ts";
import { mountOf, parseMounts } from "./proc-parse.ts";

export function judgeScratchGone(service: string, written: readonly string[], leftAfterRestart: readonly string[], restarted: boolean): CheckResult {
  return result(
    "tmpfs-volatile",
    service,
    restarted && written.length > 0 && leftAfterRestart.length === 0,
    !restarted ? "the service did not come back healthy after the restart" : written.length === 0 ? "no writable tmpfs to write scratch data to" : leftAfterRestart.length ? `still present after restart: ${leftAfterRestart.join(", ")}` : `${written.length} scratch files gone after restart (${written.join(", ")})`,
    "scratch files in every writable tmpfs gone after a restart",
  );
}

export function judgeSecretMounts(service: string, placements: readonly { target: string; fstype: string | undefined }[]): CheckResult {
  const bad = placements.filter((p) => p.fstype !== "tmpfs");
  return result(
    "secrets-in-tmpfs",
    service,
    bad.length === 0,
    placements.map((p) => `${p.target} on ${p.fstype ?? "?"}`).join(", "),
    "every secret file on a tmpfs inside the container",
  );
}

export const secretMountsCheck: SecurityCheck = async (stack) =>
  Promise.all(
    stackServices(stack)
      .filter((s) => (stack.model.services[s]?.secrets.length ?? 0) > 0)
      .map(async (s) => {
        const mounts = parseMounts((await shellIn(stack, s, "cat /proc/mounts")).stdout);
        return judgeSecretMounts(s, stack.model.services[s]!.secrets.map((x) => ({ target: x.target, fstype: mountOf(mounts, x.target)?.fstype })));
      }),
  );

export const tmpfsVolatilityCheck: SecurityCheck = async (stack) => {
  const tag = `xnai-volatile-${randomBytes(4).toString("hex")}`;
  const services = stackServices(stack);
  const written: Record<string, string[]> = {};
  await Promise.all(
    services.map(async (s) => {
      const dirs = Object.keys((await stack.inspect(s)).HostConfig.Tmpfs ?? {});
      const files = dirs.map((d) => `${d.replace(/\/$/, "")}/${tag}`);
      const w = await shellIn(stack, s, files.map((f) => `{ [ -w "$(dirname '${f}')" ] && echo scratch > '${f}' && echo '${f}'; } || true`).join("; "));
      written[s] = w.stdout.split("\n").map((l) => l.trim()).filter(Boolean);
    }),
  );
  const restarted: Record<string, boolean> = {};
  await Promise.all(services.map((s) => stack.restart(s)));
  await Promise.all(
    services.map(async (s) => {
      restarted[s] = await waitUntil(() => stack.healthy(s), { timeoutMs: 90_000, intervalMs: 500, what: `${s} healthy after restart` }).then(
        () => true,
        () => false,
      );
    }),
  );
  return Promise.all(
    services.map(async (s) => {
      const files = written[s]!;
      const r = files.length ? await shellIn(stack, s, files.map((f) => `[ -e '${f}' ] && echo '${f}'`).join("; ") + "; true") : { stdout: "", error: undefined };
      if (r.error) return result("tmpfs-volatile", s, false, `could not look after restart: ${oneLine(r.error)}`, "scratch files gone after a restart");
      return judgeScratchGone(s, files, r.stdout.split("\n").map((l) => l.trim()).filter(Boolean), restarted[s]!);
    }),
  );
};

export const volatilityChecks: SecurityCheck = async (stack, profile, ctx) => [...(await secretMountsCheck(stack, profile, ctx)), ...(await tmpfsVolatilityCheck(stack, profile, ctx))];
