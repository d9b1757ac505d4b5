import type { VariableMap } from "../stack/compose/interpolate.ts";

export type Severity = "error" | "warning";

export interface RuleMeta {
  id: string;
  severity: Severity;
  /** What the rule guards against, one line. */
  summary: string;
  /** Generic fix, one line; findings may carry a more specific one. */
  fix: string;
}

export const RULES = {
  "compose-unsupported": { severity: "warning", summary: "a compose key the harness does not model (it would be ignored)", fix: "remove the key or extend harness/stack/compose to model it" },
  "compose-invalid": { severity: "error", summary: "a compose value that is invalid (unknown service, cycle, bad port, no image/build ...)", fix: "correct the value as the message says" },
  "variable-unset": { severity: "warning", summary: "a ${VAR} that is not set and has no default (it becomes an empty string)", fix: "set the variable (environment or .env) or give a default ${VAR:-value}" },
  "variable-required-unset": { severity: "error", summary: "a required ${VAR:?msg} that is not set", fix: "set the variable in the environment or in .env beside the compose file" },
  "mount-overlap": { severity: "error", summary: "a tmpfs and a volume/bind mount on the same or nested targets in one service", fix: "keep one mount per path: drop the tmpfs or the volume, or move one to a disjoint path" },
  "tmpfs-mode-not-writable": { severity: "error", summary: "a tmpfs whose mode is not writable by the service's non-root user", fix: "use mode=1777 (and create the directory 1777 in the image: runc keeps an existing directory's mode)" },
  "tmpfs-size-missing": { severity: "warning", summary: "a tmpfs without size= (it may take half the host's RAM)", fix: "add size=, e.g. /path:size=64m,mode=1777" },
  "tmpfs-exceeds-memory-limit": { severity: "error", summary: "tmpfs sizes add up beyond the service's memory limit (tmpfs pages count against it)", fix: "shrink the tmpfs sizes or raise the memory limit so the process has room" },
  "volume-uid-mismatch": { severity: "error", summary: "a data volume written by a non-root UID it is not aligned to (no :U, no userns mapping)", fix: "add :U to the volume (podman chowns it to the container user) or use userns_mode: keep-id" },
  "user-subordinate-uid": { severity: "error", summary: "user given as a host subordinate UID (>= 100000) instead of a container UID", fix: "use the UID inside the container (e.g. 999 or 1001); podman maps it to the subordinate range itself" },
  "volume-spec-malformed": { severity: "error", summary: "a malformed volume or tmpfs spec", fix: "write source:target[:options], options comma-separated (ro,Z,U)" },
  "relabel-private-shared": { severity: "error", summary: "a private SELinux relabel :Z on a host path mounted by several services", fix: "use :z (shared relabel) on every mount of that path" },
  "secret-on-command-line": { severity: "error", summary: "a secret on a command line (visible to anyone running ps)", fix: "pass it as a file (top-level secrets:, read from /run/secrets/...) or an environment variable read by the program" },
  "secret-in-environment": { severity: "warning", summary: "a secret as a plain environment value (visible in podman inspect)", fix: "use a secret file (secrets:) and a *_FILE variable pointing at /run/secrets/<name>" },
  "port-on-internal-network": { severity: "error", summary: "ports published by a service that sits only on internal networks (unreachable, or a hole in the isolation)", fix: "remove ports: or attach the service to a non-internal network (a gateway)" },
  "datastore-port-published": { severity: "error", summary: "a Redis or database port published to the host", fix: "remove ports: and reach the datastore over the stack's network (tests use an exec or a network alias)" },
  "redis-maxmemory-headroom": { severity: "error", summary: "Redis maxmemory at or above the container memory limit (no headroom: OOM kill instead of eviction)", fix: "set maxmemory to at most ~75% of the memory limit" },
  "healthcheck-missing": { severity: "error", summary: "a service others wait for with service_healthy has no healthcheck", fix: "add a healthcheck to it or wait with condition: service_started" },
  "healthcheck-target-mismatch": { severity: "warning", summary: "a healthcheck probing a port or path the service does not serve", fix: "probe the port/path the service listens on" },
  "privileged": { severity: "error", summary: "a privileged container", fix: "remove privileged: true and add only the capabilities needed" },
  "cap-add-not-allowed": { severity: "error", summary: "cap_add beyond the allow list", fix: "drop the capability or add it to the profile's allow list with a reason" },
  "cap-drop-missing": { severity: "warning", summary: "no cap_drop (the default capability set stays)", fix: "add cap_drop: [ALL] and cap_add only what is needed" },
  "no-new-privileges-missing": { severity: "warning", summary: "no no-new-privileges security option", fix: "add security_opt: [\"no-new-privileges:true\"]" },
  "stateless-writable-rootfs": { severity: "error", summary: "a service the profile marks stateless has a writable root filesystem", fix: "add read_only: true and tmpfs mounts for the paths it writes" },
  "profile-unknown-service": { severity: "warning", summary: "the profile names a service the compose file does not have", fix: "fix the service name in the profile (--stateless)" },
  "bind-host-tmp": { severity: "error", summary: "a bind mount of host /tmp (shared, world-writable, cleaned by the host)", fix: "use a tmpfs: entry, or a named volume" },
  "bind-outside-project": { severity: "warning", summary: "a bind mount of a host path outside the project", fix: "keep bind sources inside the project (./relative paths) or use a named volume" },
  "cf-missing": { severity: "error", summary: "a build whose Containerfile/Dockerfile cannot be read", fix: "fix build.context / build.dockerfile or add the file" },
  "cf-cache-mount-owner": { severity: "error", summary: "a RUN cache mount without uid/gid matching the non-root build user", fix: "add uid=<uid>,gid=<gid> of the USER to --mount=type=cache" },
  "cf-install-without-cache": { severity: "warning", summary: "a package install without a cache mount (slow rebuilds)", fix: "add --mount=type=cache,target=<cache dir> to the RUN (apt: /var/cache/apt, npm: /root/.npm, pip: /root/.cache/pip)" },
  "cf-no-user": { severity: "warning", summary: "the image has no USER: it runs as root", fix: "add USER <uid> after installing packages" },
  "cf-path-mismatch": { severity: "error", summary: "a file copied to one path and used from another", fix: "use the path the file was copied to, or copy it where it is used" },
} as const satisfies Record<string, Omit<RuleMeta, "id">>;

export type RuleId = keyof typeof RULES;

export interface LintFinding {
  ruleId: RuleId;
  severity: Severity;
  /** Absolute path of the file the finding points into. */
  file: string;
  line: number;
  service: string | undefined;
  message: string;
  fix: string;
}

export interface LintOptions {
  /** Variables for interpolation (the CLI passes the process environment); `.env` is read too. */
  variables?: VariableMap;
  /** Services the profile marks stateless: they must run with a read-only root filesystem. */
  stateless?: readonly string[];
  /** Capabilities cap_add may name (default: NET_BIND_SERVICE, CHOWN, SETUID, SETGID). */
  capAllowList?: readonly string[];
  /** Containerfiles to lint instead of the ones services' build sections reference. */
  containerfiles?: readonly string[];
  /** Root the bind-mount rule considers "the project" (default: nearest ancestor with .git or package.json). */
  projectRoot?: string;
}

export interface LintReport {
  composeFile: string;
  containerfiles: string[];
  findings: LintFinding[];
  errorCount: number;
  warningCount: number;
  durationMs: number;
}

export const DEFAULT_CAP_ALLOW_LIST = ["NET_BIND_SERVICE", "CHOWN", "SETUID", "SETGID"] as const;
