// Node side of the client tests, the demo tests and the client benchmark: runs
// the dev server (server/main.ts on the npm `deno` binary, so the child's PID is
// the server's), reads its ready line, and stops it by PID.
import { type ChildProcess, spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import { resolve } from "node:path";

/** The ready line the dev server prints on stdout. */
export interface ReadyLine {
  readonly relay: string;
  readonly ws: string;
  readonly http: string;
  readonly certificateSha256: string;
  /** The control plane's base URL and the development org's credentials. */
  readonly api: string;
  readonly orgId: string;
  readonly apiKey: string;
}

/** A structured log line of the server (stderr). */
export interface LogRecord {
  readonly event: string;
  readonly [field: string]: unknown;
}

const ROOT = resolve(import.meta.dirname, "../..");

/** Options of `startDevServer`. */
export interface DevServerStart {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Extra command-line flags, e.g. ["--echo"]. */
  readonly args?: readonly string[];
  readonly logLevel?: "debug" | "info" | "warn" | "error";
  /** Bound of the start; default 30 s. */
  readonly timeoutMs?: number;
}

/** A running dev server child. */
export class DevServerChild {
  readonly logs: LogRecord[] = [];
  #out = "";
  #err = "";
  #ready: Promise<ReadyLine>;
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    this.exited = new Promise((r) => child.once("exit", (code) => r(code)));
    this.#ready = new Promise((resolveReady, reject) => {
      child.stdout?.setEncoding("utf8");
      child.stdout?.on("data", (text: string) => {
        this.#out += text;
        const nl = this.#out.indexOf("\n");
        if (nl >= 0) {
          try {
            resolveReady(JSON.parse(this.#out.slice(0, nl)) as ReadyLine);
          } catch (e) {
            reject(e);
          }
        }
      });
      void this.exited.then((code) =>
        reject(new Error(`dev server exited (${code}) before ready: ${this.#err.slice(-500)}`)),
      );
    });
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (text: string) => {
      this.#err += text;
      for (let i = this.#err.indexOf("\n"); i >= 0; i = this.#err.indexOf("\n")) {
        const line = this.#err.slice(0, i);
        this.#err = this.#err.slice(i + 1);
        try {
          this.logs.push(JSON.parse(line) as LogRecord);
        } catch {
          // not a log record
        }
      }
    });
  }

  ready(timeoutMs: number): Promise<ReadyLine> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no ready line within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    return Promise.race([this.#ready, timeout]).finally(() => clearTimeout(timer));
  }

  events(event: string): LogRecord[] {
    return this.logs.filter((r) => r.event === event);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL by PID (a crash); resolves once it is gone. */
  async kill(): Promise<void> {
    if (this.running && this.child.pid !== undefined) process.kill(this.child.pid, "SIGKILL");
    await this.exited;
  }

  /** SIGTERM by PID, SIGKILL after 3 s; resolves once it is gone. */
  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (!this.running || pid === undefined) return;
    process.kill(pid, "SIGTERM");
    const timer = setTimeout(() => {
      if (this.running) process.kill(pid, "SIGKILL");
    }, 3_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Starts `server/main.ts --no-auth` and waits for its ready line. */
export async function startDevServer(
  o: DevServerStart = {},
): Promise<{ server: DevServerChild; ready: ReadyLine }> {
  const deno = resolve(ROOT, "node_modules/.bin/deno");
  const args = ["run", "-A", "--unstable-net", "server/main.ts", "--port", String(o.port ?? 0)];
  args.push("--no-auth", "--log-level", o.logLevel ?? "info", ...(o.args ?? []));
  const child = spawn(deno, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const server = new DevServerChild(child);
  try {
    return { server, ready: await server.ready(o.timeoutMs ?? 30_000) };
  } catch (e) {
    await server.kill();
    throw e;
  }
}

function tcpFree(port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(port, "127.0.0.1", () => {
      const address = s.address();
      const p = typeof address === "object" && address !== null ? address.port : 0;
      s.close(() => resolvePort(p));
    });
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const s = createSocket("udp4");
    s.once("error", () => resolveFree(false));
    s.bind(port, "127.0.0.1", () => s.close(() => resolveFree(true)));
  });
}

/** A port number free on both TCP and UDP loopback (the dev server needs both). */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await tcpFree(0);
    if (await udpFree(port)) return port;
  }
  throw new Error("no free TCP+UDP port");
}
