// Rootless and least privilege: user namespace, non-root, not privileged, capabilities,
// no-new-privileges, read-only root fs (for the profile's stateless services), tmpfs flags.
import type { CheckResult, SecurityCheck } from "./check-result.ts";
import { result } from "./check-result.ts";
import { oneLine, shellIn, stackServices } from "./container-probe.ts";
import { judgeCapabilities, judgeNoNewPrivileges, judgeNonRoot, judgePrivileged, judgeReadOnlyRoot, judgeTmpfsFlags, judgeUserNamespace } from "./privilege-judges.ts";
import { mountOf, parseMounts, parseStatus } from "./proc-parse.ts";

const SEP = "--xnai-section--";
const readProc = ["cat /proc/1/uid_map", "id -u", "cat /proc/1/status", "cat /proc/mounts"].join(`; echo ${SEP}; `);
// As the container's root (owner of / and /etc), so only a read-only mount can refuse the write.
const writeProbe = `for d in / /etc; do f="\${d%/}/.xnai-rofs-probe"; if err=$( { : > "$f"; } 2>&1 ); then rm -f "$f"; echo "$d writable"; else echo "$d $err"; fi; done`;

export const privilegeChecks: SecurityCheck = async (stack, profile) => {
  const perService = await Promise.all(
    stackServices(stack).map(async (service): Promise<CheckResult[]> => {
      const [info, proc] = await Promise.all([stack.inspect(service), shellIn(stack, service, readProc)]);
      if (proc.error || proc.exitCode !== 0) {
        return [result("proc-readable", service, false, oneLine(proc.error ?? proc.stderr), "/proc/1/uid_map, /proc/1/status, /proc/mounts and id -u readable by exec")];
      }
      const [uidMap = "", uid = "", statusText = "", mountsText = ""] = proc.stdout.split(`${SEP}\n`);
      const status = parseStatus(statusText);
      const mounts = parseMounts(mountsText);
      const out = [
        judgeUserNamespace(service, uidMap),
        judgeNonRoot(service, uid, info.Config.User ?? "", status),
        judgePrivileged(service, info.HostConfig.Privileged),
        judgeCapabilities(service, status, profile.capAllowList),
        judgeNoNewPrivileges(service, status),
        judgeTmpfsFlags(service, mounts),
      ];
      if (profile.stateless.includes(service)) {
        const probe = await shellIn(stack, service, writeProbe, { user: "0" });
        out.push(judgeReadOnlyRoot(service, info.HostConfig.ReadonlyRootfs, mountOf(mounts, "/"), probe.error ?? probe.stdout));
      }
      return out;
    }),
  );
  return perService.flat();
};
