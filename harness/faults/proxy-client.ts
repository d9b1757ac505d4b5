// Typed faults over a Toxiproxy-compatible API (the real Toxiproxy or stack/fault-proxy): each returns its undo.
import { Toxiproxy, type Proxy } from "toxiproxy-node-client";

export interface ToxicAttributes {
  latency: { latency: number; jitter?: number };
  bandwidth: { rate: number };
  slow_close: { delay: number };
  timeout: { timeout: number };
  slicer: { average_size: number; size_variation?: number; delay?: number };
  limit_data: { bytes: number };
  reset_peer: { timeout?: number };
}

export type ToxicKind = keyof ToxicAttributes;
export type ToxicStream = "upstream" | "downstream";

export interface ToxicOptions<K extends ToxicKind = ToxicKind> {
  type: K;
  attributes: ToxicAttributes[K];
  /** upstream = client to server, downstream = server to client (Toxiproxy's default). */
  stream?: ToxicStream;
  /** Probability (0..1) that a connection is affected; rolled once per connection. */
  toxicity?: number;
  name?: string;
}

export interface ProxyOptions {
  name: string;
  /** host:port the proxy listens on inside its container; port 0 lets it choose. */
  listen: string;
  upstream: string;
  enabled?: boolean;
}

/** When a fault was in force: set on inject, `endedAtMs` once its undo has succeeded. */
export interface FaultWindow {
  readonly startedAtMs: number;
  readonly endedAtMs: number | undefined;
}

export interface Undo extends AsyncDisposable {
  readonly description: string;
  readonly window: FaultWindow;
  /** Idempotent; a failed undo rejects and may be retried. */
  undo(): Promise<void>;
}

export interface ProxyHandle extends Undo {
  readonly apiUrl: string;
  readonly name: string;
  /** The address the proxy actually listens on (port resolved). */
  readonly listen: string;
  readonly upstream: string;
  readonly client: Proxy;
}

export interface ToxicHandle extends Undo {
  readonly proxy: string;
  readonly name: string;
  readonly type: ToxicKind;
  readonly stream: ToxicStream;
}

export class FaultProxyError extends Error {
  override name = "FaultProxyError";
  constructor(
    readonly operation: string,
    readonly apiUrl: string,
    readonly elapsedMs: number,
    readonly causeMessage: string,
  ) {
    super(`${operation} via ${apiUrl} failed after ${elapsedMs} ms: ${causeMessage}`);
  }
  toJSON() {
    const { name, message, operation, apiUrl, elapsedMs, causeMessage } = this;
    return { name, message, operation, apiUrl, elapsedMs, causeMessage };
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** toxiproxy-node-client reports only "Request failed with status code N". */
function isNotFound(err: unknown): boolean {
  return /status code 404\b/.test(messageOf(err));
}

async function call<T>(operation: string, apiUrl: string, fn: () => Promise<T>): Promise<T> {
  const startedAtMs = Date.now();
  try {
    return await fn();
  } catch (err) {
    throw new FaultProxyError(operation, apiUrl, Date.now() - startedAtMs, messageOf(err));
  }
}

function undoable(description: string, revert: () => Promise<void>): Undo {
  const span = { startedAtMs: Date.now(), endedAtMs: undefined as number | undefined };
  let pending: Promise<void> | undefined;
  const undo = (): Promise<void> => {
    pending ??= revert().then(
      () => {
        span.endedAtMs = Date.now();
      },
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    );
    return pending;
  };
  return { description, window: span, undo, [Symbol.asyncDispose]: undo };
}

/** Creates a proxy; its undo deletes it (a proxy already gone counts as undone). */
export async function createProxy(apiUrl: string, options: ProxyOptions): Promise<ProxyHandle> {
  const toxiproxy = new Toxiproxy(apiUrl);
  const client = await call(`create proxy ${options.name}`, apiUrl, () =>
    toxiproxy.createProxy({ enabled: true, ...options }),
  );
  const undo = undoable(`proxy ${client.name} ${client.listen} -> ${client.upstream}`, () =>
    call(`delete proxy ${client.name}`, apiUrl, async () => {
      await client.remove().catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    }),
  );
  return { ...undo, apiUrl, name: client.name, listen: client.listen, upstream: client.upstream, client };
}

/** Adds a toxic; its undo removes it (a toxic already gone, e.g. after a reset, counts as undone). */
export async function addToxic<K extends ToxicKind>(proxy: ProxyHandle, options: ToxicOptions<K>): Promise<ToxicHandle> {
  const stream = options.stream ?? "downstream";
  const name = options.name ?? `${options.type}_${stream}`;
  const toxic = await call(`add ${options.type} toxic ${name} to proxy ${proxy.name}`, proxy.apiUrl, () =>
    proxy.client.addToxic<ToxicAttributes[K]>({
      name,
      type: options.type,
      stream,
      toxicity: options.toxicity ?? 1,
      attributes: options.attributes,
    }),
  );
  const undo = undoable(`${toxic.type} ${toxic.stream} on ${proxy.name} ${JSON.stringify(toxic.attributes)}`, () =>
    call(`remove toxic ${toxic.name} from proxy ${proxy.name}`, proxy.apiUrl, async () => {
      await toxic.remove().catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    }),
  );
  return { ...undo, proxy: proxy.name, name: toxic.name, type: toxic.type as ToxicKind, stream: toxic.stream };
}

/** Takes the link down: the proxy stops listening and drops its connections; undo brings it back. */
export async function disableProxy(proxy: ProxyHandle): Promise<Undo> {
  const setEnabled = (enabled: boolean) =>
    call(`${enabled ? "enable" : "disable"} proxy ${proxy.name}`, proxy.apiUrl, () =>
      proxy.client.update({ enabled, listen: proxy.listen, upstream: proxy.upstream }),
    );
  await setEnabled(false);
  return undoable(`proxy ${proxy.name} down`, async () => {
    await setEnabled(true);
  });
}

/** Enables every proxy and removes every toxic: the blunt rollback after a failed scenario. */
export async function resetProxies(apiUrl: string): Promise<void> {
  await call("reset all proxies", apiUrl, () => new Toxiproxy(apiUrl).reset());
}

/** A handle on a proxy someone else created (e.g. at container start); its undo leaves the proxy alone. */
export async function existingProxy(apiUrl: string, name: string): Promise<ProxyHandle> {
  const client = await call(`get proxy ${name}`, apiUrl, () => new Toxiproxy(apiUrl).get(name));
  const undo = undoable(`proxy ${client.name} (not owned)`, async () => undefined);
  return { ...undo, apiUrl, name: client.name, listen: client.listen, upstream: client.upstream, client };
}
