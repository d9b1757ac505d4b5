// Probes of a running stack, all from the outside as a client would see it (no exec: every exec
// leaves conmon processes behind for minutes).
import { connect } from "node:net";
import type { Role } from "../stack/profile.ts";
import { containerState, serviceContainer, type ContainerState } from "../faults/container-ref.ts";
import type { Probe } from "./scenario.ts";
import { apiKeyHeader, queryBody, queryUrl, secretOf, type StackChaosContext } from "./stack-context.ts";

export interface QueryReading {
  status: number;
  degraded: boolean | undefined;
  errorCode: string | undefined;
  ms: number;
}

export const queryProbe: Probe<StackChaosContext, QueryReading> = {
  name: "query",
  async measure(ctx) {
    const t0 = Date.now();
    const res = await fetch(queryUrl(ctx), { method: "POST", headers: { "content-type": "application/json", ...apiKeyHeader(ctx) }, body: JSON.stringify(queryBody), signal: AbortSignal.timeout(ctx.slo.clientTimeoutMs) });
    const body = (await res.json().catch(() => ({}))) as { degraded?: boolean; error_code?: string };
    return { status: res.status, degraded: body.degraded, errorCode: body.error_code, ms: Date.now() - t0 };
  },
};

function redisPing(host: string, port: number, password: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let data = "";
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`redis PING: no answer within ${timeoutMs} ms`))), timeoutMs);
    socket.on("connect", () => socket.write(`AUTH ${JSON.stringify(password)}\r\nPING\r\n`));
    socket.on("data", (d) => {
      data += d.toString();
      if (/\+PONG\r\n/.test(data) || /^-/m.test(data)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(/\+PONG\r\n/.test(data) && data.startsWith("+OK"));
      }
    });
    socket.on("error", (err) => (clearTimeout(timer), reject(err)));
    socket.on("close", () => (clearTimeout(timer), resolve(false)));
  });
}

/** true when the role's service answers its health endpoint with 200 (Redis: an authenticated PONG). */
export function healthProbe(role: Role): Probe<StackChaosContext, boolean> {
  return {
    name: `health:${role}`,
    async measure(ctx) {
      const { stack, profile, slo } = ctx;
      const timeoutMs = Math.min(slo.clientTimeoutMs, 2_000);
      if (role === "redis") {
        const e = profile.endpoints.redis;
        const a = stack.address(e.service, e.port);
        return redisPing(a.host, a.port, secretOf(stack, profile.credentials.redisAdminSecret), timeoutMs);
      }
      const e = profile.endpoints[role];
      if (!e) throw new Error(`profile has no endpoint for role ${role}`);
      const res = await fetch(stack.url(e.service, e.port, e.healthPath), { signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel();
      return res.status === 200;
    },
  };
}

export function containerProbe(role: Role): Probe<StackChaosContext, ContainerState> {
  return {
    name: `container:${role}`,
    measure: (ctx) => containerState(serviceContainer(ctx.stack, ctx.stack.roleService(role))),
  };
}
