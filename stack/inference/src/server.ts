import { ConfigError, loadConfig } from "./config.ts";
import { createApp } from "./app.ts";
import { loadEngine, type Engine } from "./engine.ts";
import { createLogger } from "./log.ts";

// The process's own state lives here and only here: config from the environment, the app, the signals.
const log = createLogger(process.stdout);

function fail(msg: string, err: unknown, code: number): never {
  log({ level: "fatal", msg, error: err instanceof Error ? err.message : String(err) });
  process.exit(code);
}

const config = (() => {
  try {
    return loadConfig(process.env);
  } catch (err) {
    return fail(err instanceof ConfigError ? "invalid configuration" : "configuration failed", err, 2);
  }
})();

const app = createApp(config, log);
let engine: Engine | undefined;

async function stop(signal: string): Promise<void> {
  log({ msg: "shutting down", signal, state: app.state() });
  const started = performance.now();
  await app.shutdown();
  await engine?.dispose();
  log({ msg: "stopped", shutdownMs: Math.round(performance.now() - started) });
  process.exit(0);
}

process.once("SIGTERM", () => void stop("SIGTERM"));
process.once("SIGINT", () => void stop("SIGINT"));

app.server.on("error", (err) => fail("server error", err, 1));
app.server.listen(config.port, config.host, () => {
  const { unboundedQueue, queueMax, ...rest } = config;
  log({ msg: "listening", ...rest, queueMax: unboundedQueue ? "unbounded" : queueMax, unboundedQueue });
});

const loadStarted = performance.now();
loadEngine(config, log).then(
  (loaded) => {
    if (app.state() === "draining") return void loaded.dispose();
    engine = loaded;
    app.attachEngine(loaded);
    log({
      msg: "model loaded",
      model: loaded.modelName,
      contextSize: loaded.contextSize,
      slots: loaded.slots.length,
      loadMs: Math.round(performance.now() - loadStarted),
    });
  },
  (err: unknown) => fail("model load failed", err, 1),
);
