import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, errBadRequestBody } from "./api-error.js";
import { parseProxyInput, parseProxyUpdate, type ProxyCollection } from "./collection.js";
import { readJson, sendEmpty, sendError, sendJson, sendText } from "./http-io.js";
import type { Logger } from "./log.js";
import { parseNewToxic } from "./toxic-spec.js";

export const version = "0.1.0";

type Handler = (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<void>;

interface Route {
  readonly pattern: RegExp;
  readonly methods: Partial<Record<string, Handler>>;
}

function routes(proxies: ProxyCollection): Route[] {
  const proxyShow: Handler = async (_req, res, [name = ""]) => sendJson(res, 200, proxies.get(name));
  const proxyUpdate: Handler = async (req, res, [name = ""]) => {
    proxies.get(name);
    sendJson(res, 200, await proxies.update(name, parseProxyUpdate(await readJson(req))));
  };
  const toxicUpdate: Handler = async (req, res, [name = "", toxic = ""]) => {
    const proxy = proxies.get(name);
    proxy.getToxic(toxic);
    sendJson(res, 200, proxy.updateToxic(toxic, await readJson(req)));
  };
  return [
    {
      pattern: /^\/version$/,
      methods: { GET: async (_req, res) => sendJson(res, 200, { version, implementation: "xnai-fault-proxy" }) },
    },
    {
      pattern: /^\/reset$/,
      methods: {
        POST: async (_req, res) => {
          await proxies.reset();
          sendEmpty(res, 204);
        },
      },
    },
    {
      pattern: /^\/proxies$/,
      methods: {
        GET: async (_req, res) => sendJson(res, 200, Object.fromEntries(proxies.list().map((p) => [p.name, p]))),
        POST: async (req, res) => sendJson(res, 201, await proxies.add(parseProxyInput(await readJson(req)))),
      },
    },
    {
      pattern: /^\/populate$/,
      methods: {
        POST: async (req, res) => {
          const body = await readJson(req);
          if (!Array.isArray(body)) throw ApiError.joined(errBadRequestBody, "expected a JSON array of proxies");
          const { proxies: created, error } = await proxies.populate(body.map(parseProxyInput));
          sendJson(res, error ? error.status : 201, { ...error?.toJSON(), proxies: created });
        },
      },
    },
    {
      pattern: /^\/proxies\/([^/]+)$/,
      methods: {
        GET: proxyShow,
        POST: proxyUpdate,
        PATCH: proxyUpdate,
        DELETE: async (_req, res, [name = ""]) => {
          await proxies.remove(name);
          sendEmpty(res, 204);
        },
      },
    },
    {
      pattern: /^\/proxies\/([^/]+)\/toxics$/,
      methods: {
        GET: async (_req, res, [name = ""]) => sendJson(res, 200, proxies.get(name).listToxics()),
        // Toxiproxy answers 200, not 201, to a created toxic.
        POST: async (req, res, [name = ""]) => {
          const proxy = proxies.get(name);
          sendJson(res, 200, proxy.addToxic(parseNewToxic(await readJson(req))));
        },
      },
    },
    {
      pattern: /^\/proxies\/([^/]+)\/toxics\/([^/]+)$/,
      methods: {
        GET: async (_req, res, [name = "", toxic = ""]) => sendJson(res, 200, proxies.get(name).getToxic(toxic)),
        POST: toxicUpdate,
        PATCH: toxicUpdate,
        DELETE: async (_req, res, [name = "", toxic = ""]) => {
          proxies.get(name).removeToxic(toxic);
          sendEmpty(res, 204);
        },
      },
    },
  ];
}

/** The Toxiproxy HTTP API over a proxy collection; logs one JSON line per call. */
export function createApiHandler(proxies: ProxyCollection, log: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  const table = routes(proxies);
  return (req, res) => {
    const startedAtMs = Date.now();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    res.on("finish", () =>
      log("api", { method: req.method, path, status: res.statusCode, durationMs: Date.now() - startedAtMs }),
    );
    // Toxiproxy refuses browsers so that a web page cannot drive the API of a local proxy.
    if ((req.headers["user-agent"] ?? "").startsWith("Mozilla/")) return sendText(res, 403, "User agent not allowed\n");
    for (const route of table) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const handler = route.methods[req.method ?? "GET"];
      if (!handler) return sendEmpty(res, 405);
      let params: string[];
      try {
        params = match.slice(1).map((p) => decodeURIComponent(p));
      } catch {
        return sendError(res, ApiError.joined(errBadRequestBody, "malformed path"));
      }
      handler(req, res, params).catch((err: unknown) => {
        if (res.headersSent) res.destroy();
        else sendError(res, err);
      });
      return;
    }
    sendText(res, 404, "404 page not found\n");
  };
}
