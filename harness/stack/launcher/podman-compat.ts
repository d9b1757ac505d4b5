// Podman's compat API lists every image EXPOSE in HostConfig.PortBindings with a null binding, and
// testcontainers then waits 10 s for ports nobody asked to publish and throws. Backends on internal
// networks must not publish their ports, so the wait is narrowed to ports that were really requested.
import { createRequire } from "node:module";

interface InspectLike {
  HostConfig?: { PortBindings?: Record<string, unknown[] | null> };
}

type PortsExposedFn = (inspectFn: () => Promise<InspectLike>, containerId: string, timeout?: number) => Promise<InspectLike>;

const require = createRequire(import.meta.url);
const mod = require("testcontainers/build/generic-container/inspect-container-util-ports-exposed.js") as { inspectContainerUntilPortsExposed: PortsExposedFn; __xnaiPatched?: boolean };

if (!mod.__xnaiPatched) {
  const original = mod.inspectContainerUntilPortsExposed;
  mod.inspectContainerUntilPortsExposed = (inspectFn, containerId, timeout) =>
    original(
      async () => {
        const r = await inspectFn();
        const bindings = r?.HostConfig?.PortBindings;
        if (!bindings) return r;
        const requested = Object.fromEntries(Object.entries(bindings).filter(([, v]) => Array.isArray(v) && v.length > 0));
        return { ...r, HostConfig: { ...r.HostConfig, PortBindings: requested } };
      },
      containerId,
      timeout,
    );
  mod.__xnaiPatched = true;
}

export const podmanCompatApplied = true;
