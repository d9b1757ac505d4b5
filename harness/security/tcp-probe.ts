// TCP connect from inside a container with its own node (every image of the stack has one; a missing
// node is reported as a failed probe, never as "unreachable").
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import { oneLine, shellIn } from "./container-probe.ts";

const script = `const s = require("net").connect({ host: process.argv[1], port: Number(process.argv[2]), timeout: 4000 });
s.on("connect", () => { console.log("connected"); process.exit(0); });
s.on("timeout", () => { console.log("ETIMEDOUT"); process.exit(2); });
s.on("error", (e) => { console.log(e.code || e.message); process.exit(1); });`;

export interface TcpProbe {
  connected: boolean;
  /** "connected", an errno code (ENETUNREACH, ENOTFOUND, ...) or why the probe could not run. */
  outcome: string;
  ran: boolean;
}

export async function tcpConnectFrom(stack: StartedStack, service: string, host: string, port: number): Promise<TcpProbe> {
  const quoted = script.replace(/'/g, `'\\''`);
  const r = await shellIn(stack, service, `command -v node >/dev/null || { echo "no node in image"; exit 127; }; node -e '${quoted}' ${host} ${port}`, { timeoutMs: 15_000 });
  const outcome = oneLine(r.error ?? (r.stdout || r.stderr));
  return { connected: r.exitCode === 0 && outcome === "connected", outcome, ran: !r.error && r.exitCode !== 127 && r.exitCode !== -1 };
}
