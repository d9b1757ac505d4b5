// npm run report:open: serve the HTML report on 127.0.0.1 (files only from the report folder).
import { createServer } from "node:http";
import { createReadStream, existsSync, statSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import { readEnv } from "../harness/config/env.ts";
import { reportPaths } from "../harness/report/generate-report.ts";
import { reportFatal } from "../harness/util/fatal.ts";

const types: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".txt": "text/plain" };
const root = resolve(reportPaths(readEnv().reportsDir).outputDir, "awesome");
if (!existsSync(join(root, "index.html"))) reportFatal("report:open", new Error(`no report at ${root}: run 'npm run validate' or 'npm run report' first`));
const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent((req.url ?? "/").split("?")[0] ?? "/"));
  let file = join(root, path);
  if (!file.startsWith(root)) return void res.writeHead(403).end();
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!existsSync(file)) return void res.writeHead(404).end("not found");
  res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
  createReadStream(file).pipe(res);
});
server.on("error", (err) => reportFatal("report:open", new Error(`cannot listen on 127.0.0.1:${port}: ${err.message}; pass --port <free port>`)));
server.listen(port, "127.0.0.1", () => {
  const addr = server.address();
  console.log(`report at http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : port}/ (Ctrl+C to stop)`);
});
