// Removes what earlier runs left behind (killed runners) and what this run created, by label.
import type Dockerode from "dockerode";
import { ownerIsGone, ownerLabel, runLabel, suiteLabel } from "./labels.ts";

export interface ReapResult {
  containers: number;
  networks: number;
  volumes: number;
}

export type ReapScope = { kind: "orphans" } | { kind: "run"; runId: string } | { kind: "all" };

function selected(labels: Record<string, string> | undefined, scope: ReapScope): boolean {
  if (!labels || labels[suiteLabel] !== "true") return false;
  if (scope.kind === "all") return true;
  if (scope.kind === "run") return labels[runLabel] === scope.runId;
  return ownerIsGone(labels[ownerLabel]);
}

export async function reap(docker: Dockerode, scope: ReapScope): Promise<ReapResult> {
  const result: ReapResult = { containers: 0, networks: 0, volumes: 0 };
  const containers = await docker.listContainers({ all: true, filters: { label: [`${suiteLabel}=true`] } });
  await Promise.all(
    containers
      .filter((c) => selected(c.Labels, scope))
      .map(async (c) => {
        await docker.getContainer(c.Id).remove({ force: true, v: true }).catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 404) throw err;
        });
        result.containers++;
      }),
  );
  const networks = await docker.listNetworks({ filters: { label: [`${suiteLabel}=true`] } });
  for (const n of networks.filter((n) => selected(n.Labels, scope))) {
    await docker.getNetwork(n.Id).remove().catch(() => undefined);
    result.networks++;
  }
  const volumes = (await docker.listVolumes({ filters: { label: [`${suiteLabel}=true`] } })).Volumes ?? [];
  for (const v of volumes.filter((v) => selected(v.Labels as Record<string, string> | undefined, scope))) {
    await docker.getVolume(v.Name).remove({ force: true }).catch(() => undefined);
    result.volumes++;
  }
  return result;
}

export function describeReap(r: ReapResult): string {
  return `${r.containers} container(s), ${r.networks} network(s), ${r.volumes} volume(s)`;
}
