import { ApiError, errBadRequestBody, errMissingField, errProxyAlreadyExists, errProxyNotFound } from "./api-error.js";
import { Proxy, type ProxyOptions } from "./proxy.js";

export interface ProxyInput {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw ApiError.joined(errBadRequestBody, `${key} must be a string`);
  return value;
}

function optionalBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw ApiError.joined(errBadRequestBody, `${key} must be a boolean`);
  return value;
}

/** Toxiproxy's create rules: name and upstream required, enabled defaults to true, listen to any port. */
export function parseProxyInput(body: unknown): ProxyInput {
  if (!isRecord(body)) throw ApiError.joined(errBadRequestBody, "expected a JSON object");
  const name = optionalString(body, "name");
  const upstream = optionalString(body, "upstream");
  if (!name) throw ApiError.joined(errMissingField, "name");
  if (!upstream) throw ApiError.joined(errMissingField, "upstream");
  return { name, upstream, listen: optionalString(body, "listen") || ":0", enabled: optionalBoolean(body, "enabled") ?? true };
}

export function parseProxyUpdate(body: unknown): Partial<Omit<ProxyInput, "name">> {
  if (!isRecord(body)) throw ApiError.joined(errBadRequestBody, "expected a JSON object");
  const update: Partial<Omit<ProxyInput, "name">> = {};
  const listen = optionalString(body, "listen");
  const upstream = optionalString(body, "upstream");
  const enabled = optionalBoolean(body, "enabled");
  if (listen) update.listen = listen;
  if (upstream) update.upstream = upstream;
  if (enabled !== undefined) update.enabled = enabled;
  return update;
}

/** All proxies by name. Mutations run one at a time, as Toxiproxy serialises them with a lock. */
export class ProxyCollection {
  private readonly proxies = new Map<string, Proxy>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ProxyOptions) {}

  list(): Proxy[] {
    return [...this.proxies.values()];
  }

  get(name: string): Proxy {
    const proxy = this.proxies.get(name);
    if (!proxy) throw errProxyNotFound;
    return proxy;
  }

  add(input: ProxyInput): Promise<Proxy> {
    return this.serial(() => this.addNow(input));
  }

  update(name: string, input: Partial<Omit<ProxyInput, "name">>): Promise<Proxy> {
    return this.serial(async () => {
      const proxy = this.get(name);
      await proxy.update(input);
      return proxy;
    });
  }

  remove(name: string): Promise<void> {
    return this.serial(async () => {
      const proxy = this.get(name);
      this.proxies.delete(name);
      await proxy.stop();
    });
  }

  /** Creates or replaces each proxy; stops at the first failure and reports what was created. */
  populate(inputs: ProxyInput[]): Promise<{ proxies: Proxy[]; error?: ApiError }> {
    return this.serial(async () => {
      const proxies: Proxy[] = [];
      for (const input of inputs) {
        try {
          const existing = this.proxies.get(input.name);
          if (existing && existing.upstream === input.upstream && (input.listen === ":0" || existing.listen === input.listen)) {
            await existing.update({ enabled: input.enabled });
            proxies.push(existing);
            continue;
          }
          if (existing) {
            this.proxies.delete(input.name);
            await existing.stop();
          }
          proxies.push(await this.addNow(input));
        } catch (err) {
          return { proxies, error: err instanceof ApiError ? err : new ApiError(String(err), 500) };
        }
      }
      return { proxies };
    });
  }

  /** Enables every proxy and removes every toxic. */
  reset(): Promise<void> {
    return this.serial(async () => {
      for (const proxy of this.proxies.values()) {
        await proxy.start();
        proxy.resetToxics();
      }
    });
  }

  close(): Promise<void> {
    return this.serial(async () => {
      await Promise.all(this.list().map((p) => p.stop()));
      this.proxies.clear();
    });
  }

  private async addNow(input: ProxyInput): Promise<Proxy> {
    if (this.proxies.has(input.name)) throw errProxyAlreadyExists;
    const proxy = new Proxy(input.name, input.listen, input.upstream, this.options);
    if (input.enabled) await proxy.start();
    this.proxies.set(input.name, proxy);
    return proxy;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
