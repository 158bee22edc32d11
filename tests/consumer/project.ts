// The consumer project of tests/consumer.spec.ts: packs both packages, installs
// the tarballs into a fresh directory OUTSIDE the repository (so nothing resolves
// from the repository's node_modules) offline from the npm cache, builds the
// fixture page and the examples with `vite build`, starts the relay with the
// README's command and serves the builds.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { createInterface } from "node:readline";

const repo = resolve(import.meta.dirname, "../..");

/** Versions the repository installed, so the offline install finds them in the cache. */
function installed(name: string): string {
  return JSON.parse(readFileSync(join(repo, "node_modules", name, "package.json"), "utf8")).version;
}

interface Packed {
  name: string;
  version: string;
  filename: string;
  integrity: string;
}

function pack(args: string[], dir: string): Packed {
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir, ...args], {
    cwd: repo,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.slice(out.indexOf("[")))[0]; // after any script output
}

const REGISTRY = "https://registry.npmjs.org/";

type LockEntry = Record<string, unknown> & {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

/**
 * A package-lock.json for the consumer project, cut from the repository's lock:
 * the tarballs, plus every package they and `devDependencies` reach, at the
 * versions (and integrity) the repository installed. With it, `npm ci --offline`
 * needs nothing but the npm cache.
 */
function consumerLock(tarballs: Packed[], devDependencies: Record<string, string>) {
  const repoLock: Record<string, LockEntry> = JSON.parse(
    readFileSync(join(repo, "package-lock.json"), "utf8"),
  ).packages;
  const parent = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf("/node_modules/")));
  const find = (from: string, name: string): string | undefined => {
    for (let at = from; ; at = parent(at)) {
      const key = `${at === "" ? "" : `${at}/`}node_modules/${name}`;
      if (repoLock[key] !== undefined && repoLock[key].link !== true) return key;
      if (at === "") return undefined;
    }
  };
  const packages: Record<string, LockEntry> = {};
  const visit = (from: string, entry: LockEntry) => {
    const optional = entry.peerDependenciesMeta ?? {};
    const names = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !optional[n]?.optional),
    ];
    for (const name of names) {
      const key = find(from, name);
      if (key === undefined || key in packages) continue;
      const {
        dev: _dev,
        devOptional: _devOptional,
        peer: _peer,
        ...copy
      } = repoLock[key] as LockEntry;
      // The repository's lock omits registry URLs; npm ci needs them to stay offline.
      const base = name.split("/").pop();
      copy.resolved ??= `${REGISTRY}${name}/-/${base}-${copy.version}.tgz`;
      packages[key] = copy;
      visit(key, copy);
    }
  };
  const dependencies: Record<string, string> = {};
  for (const t of tarballs) {
    dependencies[t.name] = `file:${t.filename}`;
    const manifest = t.name === "@clutchcall/sdk" ? repoLock[""] : repoLock.server;
    const { dependencies: deps, bin, engines, license } = manifest as LockEntry;
    const entry = { version: t.version, resolved: `file:${t.filename}`, integrity: t.integrity };
    const key = `node_modules/${t.name}`;
    packages[key] = {
      ...entry,
      license,
      engines,
      ...(bin ? { bin } : {}),
      ...(deps ? { dependencies: deps } : {}),
    };
    visit(key, packages[key]);
  }
  visit("", { dependencies: devDependencies });
  return {
    name: "consumer",
    lockfileVersion: 3,
    requires: true,
    packages: { "": { name: "consumer", dependencies, devDependencies }, ...packages },
  };
}

/** The apps built in the consumer project: name -> fixture or example folder. */
const APPS = {
  app: "tests/consumer/app",
  react: "examples/react",
  vue: "examples/vue",
};

export interface ReadyLine {
  relay: string;
  ws: string;
  http: string;
}

export class ConsumerProject {
  dir = "";
  relay: ReadyLine | undefined;
  #relay: ChildProcess | undefined;
  #http: Server | undefined;

  /** Packs, installs offline and builds every app. */
  install(): void {
    if (!existsSync(join(repo, "dist/index.js"))) {
      throw new Error("dist/ is missing: run `npm run build` first");
    }
    this.dir = mkdtempSync(join(tmpdir(), "clutchcall-consumer-"));
    const tarballs = [
      pack([], this.dir),
      pack(["--workspace", "@clutchcall/dev-server"], this.dir),
    ];
    const dev = ["vite", "react", "react-dom", "@vitejs/plugin-react", "vue", "@vitejs/plugin-vue"];
    const devDependencies = Object.fromEntries(dev.map((d) => [d, installed(d)]));
    const lock = consumerLock(tarballs, devDependencies);
    const manifest = { ...lock.packages[""], private: true, type: "module" };
    writeFileSync(join(this.dir, "package.json"), JSON.stringify(manifest, null, 2));
    writeFileSync(join(this.dir, "package-lock.json"), JSON.stringify(lock, null, 2));
    execFileSync("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: this.dir,
      stdio: "inherit",
    });
    for (const [name, source] of Object.entries(APPS)) {
      cpSync(join(repo, source), join(this.dir, name), {
        recursive: true,
        filter: (path) => !path.includes("node_modules") && !path.endsWith("package.json"),
      });
    }
    cpSync(join(repo, "tests/consumer/node"), join(this.dir, "node"), { recursive: true });
  }

  /** `vite build` of every app into www/<name>/ (in parallel). */
  async build(): Promise<void> {
    const vite = join(this.dir, "node_modules/vite/bin/vite.js");
    await Promise.all(
      Object.keys(APPS).map((name) =>
        run(
          process.execPath,
          [
            vite,
            "build",
            name,
            "--base",
            `/${name}/`,
            "--outDir",
            join(this.dir, "www", name),
            "--logLevel",
            "warn",
          ],
          this.dir,
        ),
      ),
    );
  }

  /** `npx clutchcall server --no-auth` (the README's command) on a free port. */
  async startRelay(): Promise<ReadyLine> {
    const child = spawn(
      "npx",
      ["clutchcall", "server", "--no-auth", "--port", "0", "--ephemeral"],
      {
        cwd: this.dir,
        stdio: ["ignore", "pipe", "pipe"],
        detached: true, // its own process group: npx, the bin and Deno stop together
      },
    );
    this.#relay = child;
    let log = "";
    child.stderr?.on("data", (d) => (log = (log + d).slice(-4000)));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    this.relay = await new Promise<ReadyLine>((ok, fail) => {
      child.once("exit", (code) => fail(new Error(`relay exited with ${code}:\n${log}`)));
      lines.once("line", (line) => ok(JSON.parse(line)));
    });
    return this.relay;
  }

  /** Sessions the relay has open (GET /healthz). */
  async sessions(): Promise<number> {
    const res = await fetch(`${this.relay?.http}/healthz`);
    return ((await res.json()) as { sessions: number }).sessions;
  }

  /** Serves www/ on a free loopback port; returns its origin. */
  async serve(): Promise<string> {
    const www = join(this.dir, "www");
    const types: Record<string, string> = {
      ".html": "text/html",
      ".js": "text/javascript",
      ".css": "text/css",
      ".wasm": "application/wasm",
    };
    this.#http = createServer((req, res) => {
      let path = join(www, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
      if (path.endsWith("/")) path = join(path, "index.html");
      if (!path.startsWith(www) || !existsSync(path)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" });
      res.end(readFileSync(path));
    });
    await new Promise<void>((ok) => this.#http?.listen(0, "127.0.0.1", ok));
    return `http://127.0.0.1:${(this.#http.address() as AddressInfo).port}`;
  }

  /** Runs a Node program of the consumer project; resolves with its stdout. */
  node(script: string, args: string[]): Promise<string> {
    return run(process.execPath, ["--experimental-websocket", script, ...args], this.dir);
  }

  async close(): Promise<void> {
    const relay = this.#relay;
    if (relay?.pid !== undefined && relay.exitCode === null) {
      const exited = new Promise((ok) => relay.once("exit", ok));
      process.kill(-relay.pid, "SIGTERM");
      await exited;
    }
    this.#http?.closeAllConnections();
    await new Promise((ok) => (this.#http ? this.#http.close(ok) : ok(undefined)));
    if (this.dir !== "") rmSync(this.dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NODE_NO_WARNINGS: "1" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.once("exit", (code) =>
      code === 0 ? ok(out) : fail(new Error(`${cmd} ${args.join(" ")} exited ${code}\n${err}`)),
    );
  });
}
