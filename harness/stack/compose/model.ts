/** Typed, normalized view of a Compose file; every element keeps the line it came from. */

export type FindingKind = "unsupported" | "unset-variable" | "required-variable" | "invalid";

/** Something the loader recorded instead of failing (tolerant mode) or could not model. */
export interface ComposeFinding {
  kind: FindingKind;
  file: string;
  line: number;
  service: string | undefined;
  key: string;
  message: string;
  /** Variable name for unset/required variable findings. */
  variable?: string;
}

export interface VariableReference {
  name: string;
  service: string | undefined;
  key: string;
  line: number;
  /** Whether the variable had a value when the file was loaded. */
  defined: boolean;
}

export interface BuildSpec {
  /** Absolute path of the build context. */
  context: string;
  /** As written (relative to context), default Containerfile/Dockerfile resolution left to consumers. */
  dockerfile: string | undefined;
  args: Record<string, string | undefined>;
  target: string | undefined;
  line: number;
}

export type MountKind = "bind" | "volume" | "tmpfs";

export interface Mount {
  kind: MountKind;
  /** Absolute host path for bind, volume name for named volumes, undefined for tmpfs / anonymous volumes. */
  source: string | undefined;
  target: string;
  readOnly: boolean;
  /** SELinux relabel: z = shared, Z = private. */
  relabel: "z" | "Z" | undefined;
  /** `:U`: chown the source to the container user. */
  chown: boolean;
  /** Options as written (short syntax) for rules that care about spelling. */
  options: string[];
  tmpfsSizeBytes: number | undefined;
  tmpfsMode: number | undefined;
  /** Where it was declared. */
  origin: "tmpfs" | "volumes-short" | "volumes-long";
  /** The spec as written after interpolation (short syntax) or a rendering of the long form. */
  raw: string;
  line: number;
}

export interface ServiceSecret {
  source: string;
  /** Absolute path inside the container. */
  target: string;
  line: number;
}

export interface ServiceNetwork {
  name: string;
  aliases: string[];
  line: number;
}

export interface PortMapping {
  hostIp: string | undefined;
  hostPort: number | undefined;
  containerPort: number;
  protocol: "tcp" | "udp" | "sctp";
  raw: string;
  line: number;
}

export type DependencyCondition = "service_started" | "service_healthy" | "service_completed_successfully";

export interface Dependency {
  service: string;
  condition: DependencyCondition;
  line: number;
}

export interface Healthcheck {
  /** CMD: argv; CMD-SHELL: the shell string in `shell`; NONE: disabled. */
  kind: "CMD" | "CMD-SHELL" | "NONE";
  argv: string[];
  shell: string | undefined;
  intervalMs: number | undefined;
  timeoutMs: number | undefined;
  retries: number | undefined;
  startPeriodMs: number | undefined;
  disabled: boolean;
  line: number;
}

export interface EnvVar {
  name: string;
  value: string | undefined;
  source: "environment" | "env_file";
  file: string;
  line: number;
}

export interface Ulimit {
  soft: number;
  hard: number;
}

export interface ServiceModel {
  name: string;
  line: number;
  /** Line of each top-level key of the service as written. */
  keyLines: Record<string, number>;
  image: string | undefined;
  build: BuildSpec | undefined;
  command: string[] | undefined;
  entrypoint: string[] | undefined;
  /** env_file entries first, then `environment` (which wins for the same name). */
  environment: EnvVar[];
  envFiles: string[];
  user: string | undefined;
  workingDir: string | undefined;
  mounts: Mount[];
  secrets: ServiceSecret[];
  networks: ServiceNetwork[];
  networkMode: "none" | "bridge" | undefined;
  ports: PortMapping[];
  expose: number[];
  dependsOn: Dependency[];
  healthcheck: Healthcheck | undefined;
  capAdd: string[];
  capDrop: string[];
  securityOpt: string[];
  privileged: boolean;
  readOnly: boolean;
  init: boolean | undefined;
  usernsMode: string | undefined;
  limits: { memoryBytes: number | undefined; cpus: number | undefined };
  memLimitBytes: number | undefined;
  restart: string | undefined;
  labels: Record<string, string>;
  stopGracePeriodMs: number | undefined;
  ulimits: Record<string, Ulimit>;
  sysctls: Record<string, string>;
  /** resolv.conf options (`dns_opt`), e.g. timeout:1: bounds a lookup when a nameserver does not answer. */
  dnsOptions: string[];
  containerName: string | undefined;
  hostname: string | undefined;
}

export interface NetworkModel {
  name: string;
  internal: boolean;
  driver: string | undefined;
  external: boolean;
  labels: Record<string, string>;
  line: number;
}

export interface VolumeModel {
  name: string;
  driver: string | undefined;
  external: boolean;
  labels: Record<string, string>;
  line: number;
}

export interface SecretModel {
  name: string;
  /** Absolute path for file secrets. */
  file: string | undefined;
  environment: string | undefined;
  external: boolean;
  line: number;
}

export interface ComposeModel {
  /** Absolute path of the compose file and its directory. */
  file: string;
  dir: string;
  name: string | undefined;
  services: Record<string, ServiceModel>;
  networks: Record<string, NetworkModel>;
  volumes: Record<string, VolumeModel>;
  secrets: Record<string, SecretModel>;
  findings: ComposeFinding[];
  variables: VariableReference[];
}

/** The memory limit that applies: deploy.resources.limits.memory, else mem_limit. */
export function memoryLimitBytes(service: ServiceModel): number | undefined {
  return service.limits.memoryBytes ?? service.memLimitBytes;
}

/** Final value of each variable (environment overrides env_file). */
export function effectiveEnvironment(service: ServiceModel): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const e of service.environment) out[e.name] = e.value;
  return out;
}
