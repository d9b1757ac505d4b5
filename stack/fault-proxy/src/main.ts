import { readFile } from "node:fs/promises";
import { parseProxyInput } from "./collection.js";
import { jsonLineLogger } from "./log.js";
import { startFaultProxy } from "./server.js";

/** Toxiproxy-style flags (`-host`, `-port`, `-config`), each also settable by environment variable. */
function option(flag: string, envName: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.findIndex((a) => a === `-${flag}` || a === `--${flag}`);
  const inline = args.find((a) => a.startsWith(`-${flag}=`) || a.startsWith(`--${flag}=`));
  if (index >= 0) return args[index + 1];
  if (inline) return inline.slice(inline.indexOf("=") + 1);
  return process.env[envName] || undefined;
}

function integer(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name}=${raw} is not a non-negative integer`);
  return value;
}

async function main(): Promise<void> {
  const server = await startFaultProxy({
    host: option("host", "FAULT_PROXY_HOST") ?? "127.0.0.1",
    port: integer(option("port", "FAULT_PROXY_PORT"), "port", 8474),
    maxConnections: integer(option("max-connections", "FAULT_PROXY_MAX_CONNECTIONS"), "max-connections", 1024),
  });
  const config = option("config", "FAULT_PROXY_CONFIG");
  if (config) {
    const inputs = (JSON.parse(await readFile(config, "utf8")) as unknown[]).map(parseProxyInput);
    const { error } = await server.proxies.populate(inputs);
    if (error) throw error;
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    jsonLineLogger("shutdown", { signal });
    // The stop must finish within 1 s even if a peer hangs; exiting drops whatever is left.
    setTimeout(() => process.exit(0), 900).unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: unknown) => {
  jsonLineLogger("fatal", { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
