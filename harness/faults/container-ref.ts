// A container a fault acts on: the engine client, its id and a readable name for journals.
import type Dockerode from "dockerode";
import type { StartedStack } from "../stack/launcher/started-stack.ts";

export interface ContainerRef {
  docker: Dockerode;
  id: string;
  name: string;
}

export function serviceContainer(stack: StartedStack, service: string): ContainerRef {
  return { docker: stack.docker, id: stack.containerId(service), name: service };
}

export interface ContainerState {
  running: boolean;
  paused: boolean;
  status: string;
  pid: number;
  startedAt: string;
  restartCount: number;
  exitCode: number;
}

export async function containerState(ref: ContainerRef): Promise<ContainerState> {
  const i = await ref.docker.getContainer(ref.id).inspect();
  return {
    running: i.State.Running,
    paused: i.State.Paused,
    status: i.State.Status,
    pid: i.State.Pid,
    startedAt: i.State.StartedAt,
    restartCount: i.RestartCount ?? 0,
    exitCode: i.State.ExitCode,
  };
}
