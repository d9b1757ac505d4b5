// Baselines only compare runs of the same machine class: same OS, CPU model, core count, memory and
// engine, since a latency measured on another machine says nothing about a regression here.
import { readFileSync } from "node:fs";
import { cpus, release, totalmem, type } from "node:os";
import type Dockerode from "dockerode";

export interface MachineClass {
  os: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  /** e.g. "podman 4.3.1 rootless" */
  engine: string;
}

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1];
    if (pretty) return `${type()} ${pretty}`;
  } catch {
    // not Linux, or no os-release: the kernel release is the next best name
  }
  return `${type()} ${release()}`;
}

export function localMachineClass(engine: string): MachineClass {
  const cpuList = cpus();
  return {
    os: osName(),
    cpuModel: cpuList[0]?.model.trim() ?? "unknown",
    cores: cpuList.length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    engine,
  };
}

export async function describeEngine(docker: Dockerode, kind: string): Promise<string> {
  try {
    const version = await docker.version();
    const podman = version.Components?.find((component) => component.Name.toLowerCase().includes("podman"));
    return `${podman ? "podman" : "docker"} ${podman?.Version ?? version.Version} ${kind}`;
  } catch {
    return `unknown ${kind}`;
  }
}

export function machineKey(machine: MachineClass): string {
  return [machine.os, machine.cpuModel, `${machine.cores} cores`, `${machine.memoryGiB} GiB`, machine.engine].join(" | ");
}
