import type { AddressInfo } from "node:net";

export interface HostPort {
  /** undefined means every interface, as an empty host does for Go's net.Listen. */
  host: string | undefined;
  port: number;
}

/** Parses `host:port`, `[v6]:port` or `:port`. */
export function parseHostPort(address: string): HostPort | undefined {
  const match = /^\[([^\]]+)\]:(\d{1,5})$/.exec(address) ?? /^([^:[\]]*):(\d{1,5})$/.exec(address);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port > 65535) return undefined;
  const host = match[1] || undefined;
  return { host, port };
}

/** Go resolves `localhost` to IPv4 for listeners; Node might pick ::1, so pin it. */
export function listenHost(host: string | undefined): string | undefined {
  return host === "localhost" ? "127.0.0.1" : host;
}

export function formatAddress(info: AddressInfo | string | null): string {
  if (info === null || typeof info === "string") return String(info);
  return info.family === "IPv6" ? `[${info.address}]:${info.port}` : `${info.address}:${info.port}`;
}
