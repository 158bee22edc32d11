// The main job (`npm start`): runs the local dev relay (`clutchcall server
// --no-auth`) and serves the demo pages, which import the SDK sources, on
// loopback. The pages find the relay at /demos/config.json.
//
//   PORT       relay port, UDP (WebTransport) and TCP (WebSocket, HTTP); default 4443
//   DEMO_PORT  port of the demo pages; default 5173
//   LOG_LEVEL  relay log level (debug | info | warn | error); default warn
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { createServer } from "vite";

const root = resolve(import.meta.dirname, "..");
const relayPort = Number(process.env.PORT ?? 4443);
const demoPort = Number(process.env.DEMO_PORT ?? 5173);
const logLevel = process.env.LOG_LEVEL ?? "warn";
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 3_000;

const relay = spawn(
  process.execPath,
  [
    resolve(root, "server/bin/clutchcall.mjs"),
    "server",
    "--port",
    String(relayPort),
    "--no-auth",
    "--log-level",
    logLevel,
  ],
  { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
);
const relayExited = new Promise((r) => relay.once("exit", (code, signal) => r(code ?? signal)));

/** The relay's ready line: `{"event":"ready","relay":…,"ws":…,"http":…,…}`. */
function readyLine() {
  return new Promise((resolveReady, reject) => {
    let out = "";
    relay.stdout.setEncoding("utf8");
    relay.stdout.on("data", (text) => {
      out += text;
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      try {
        resolveReady(JSON.parse(out.slice(0, nl)));
      } catch (e) {
        reject(e);
      }
    });
    const timer = setTimeout(
      () => reject(new Error(`no ready line within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    relay.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the relay exited (${code}) before it was ready`));
    });
    relay.stdout.once("data", () => clearTimeout(timer));
  });
}

let ready;
try {
  ready = await readyLine();
} catch (e) {
  console.error(`clutchcall: ${e instanceof Error ? e.message : e}`);
  if (relay.exitCode === null && relay.signalCode === null) relay.kill("SIGKILL");
  process.exit(1);
}

const config = {
  relay: ready.relay,
  ws: ready.ws,
  http: ready.http,
  certificateSha256: ready.certificateSha256,
  // The development org's control-plane credentials, for the broadcast demo's "go live"
  // and the softphone demo's calls.
  api: ready.api,
  orgId: ready.orgId,
  apiKey: ready.apiKey,
};

/** Serves the relay's addresses to the demo pages. */
const demoConfig = {
  name: "clutchcall-demo-config",
  configureServer(server) {
    server.middlewares.use("/demos/config.json", (_req, res) => {
      res.setHeader("content-type", "application/json");
      res.setHeader("cache-control", "no-store");
      res.end(`${JSON.stringify(config)}\n`);
    });
  },
};

const server = await createServer({
  configFile: resolve(root, "vite.config.ts"),
  plugins: [demoConfig],
  // Its own optimizer cache: the extra plugin changes the config hash, and a
  // shared cache would be re-optimized by every other Vite run (tests, bench).
  cacheDir: resolve(root, "node_modules/.vite-demos"),
  server: { host: "127.0.0.1", port: demoPort, strictPort: true },
});
await server.listen();
console.log(`ClutchCall relay: ${ready.relay} (WebSocket ${ready.ws})`);
console.log(`ClutchCall demos: http://127.0.0.1:${demoPort}/demos/`);

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (relay.exitCode === null && relay.signalCode === null) relay.kill("SIGTERM");
  const timer = setTimeout(() => relay.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await Promise.all([relayExited, server.close()]);
  clearTimeout(timer);
  process.exit(code);
}
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => void stop(0));
void relayExited.then((how) => {
  if (stopping) return;
  console.error(`clutchcall: the relay stopped (${how}); shutting down`);
  void stop(1);
});
