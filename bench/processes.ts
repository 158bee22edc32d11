// Child processes of the server benchmarks: the dev server (server/main.ts on
// Deno), Deno scripts that speak JSON lines, and CPU time read from /proc.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..");
export const DENO = resolve(ROOT, "node_modules/.bin/deno");

/** The dev server's ready line (the fields the benchmarks use). */
export interface Ready {
  readonly relay: string;
  readonly ws: string;
  readonly http: string;
  readonly certificateSha256: string;
}

/** Clock ticks per second of /proc CPU times. */
export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds used by `pid` so far, in user space and in the kernel. */
export function cpuSplit(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime, stime (stat fields 14, 15)
  return { user: Number(fields[11]) / CLOCK_TICKS, system: Number(fields[12]) / CLOCK_TICKS };
}

/** CPU seconds (user + system) used by `pid` so far. */
export function cpuSeconds(pid: number): number {
  const { user, system } = cpuSplit(pid);
  return user + system;
}

/** A child that prints JSON lines on stdout and reads commands on stdin. */
export class LineChild {
  private readonly queue: unknown[] = [];
  private waiter: ((line: unknown) => void) | undefined;
  private exited = false;

  constructor(
    readonly child: ChildProcess,
    readonly what: string,
  ) {
    let buf = "";
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (text: string) => {
      buf += text;
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.trim() !== "") this.deliver(JSON.parse(line));
      }
    });
    child.once("exit", (code) => {
      this.exited = true;
      this.deliver({ error: `${what} exited (${code})` });
    });
  }

  /** Spawns `deno run -A --unstable-net script ...args`. */
  static deno(script: string, args: readonly string[], what: string): LineChild {
    const child = spawn(DENO, ["run", "-A", "--unstable-net", script, ...args], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "inherit"],
    });
    return new LineChild(child, what);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The next JSON line; rejects on `{ error }`, exit, or after `timeoutMs`. */
  async next<T>(timeoutMs = 60_000): Promise<T> {
    const line =
      this.queue.shift() ??
      (await new Promise<unknown>((res, rej) => {
        const timer = setTimeout(() => {
          this.waiter = undefined;
          rej(new Error(`${this.what}: no answer in ${timeoutMs} ms`));
        }, timeoutMs);
        this.waiter = (l) => {
          clearTimeout(timer);
          res(l);
        };
      }));
    const error = (line as { error?: string }).error;
    if (error !== undefined) throw new Error(`${this.what}: ${error}`);
    return line as T;
  }

  send(command: string): void {
    if (!this.exited) this.child.stdin!.write(`${command}\n`);
  }

  /** SIGTERM, then SIGKILL after 3 s. */
  async stop(): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 3_000);
    await exited;
    clearTimeout(timer);
  }

  private deliver(line: unknown): void {
    const w = this.waiter;
    this.waiter = undefined;
    if (w !== undefined) w(line);
    else this.queue.push(line);
  }
}

/** Starts the dev server on a free port (`--no-auth`, plus `extra`) and reads its ready line. */
export async function startDevServer(
  extra: readonly string[] = [],
): Promise<{ server: LineChild; ready: Ready }> {
  const server = LineChild.deno(
    "server/main.ts",
    ["--port", "0", "--no-auth", "--log-level", "error", ...extra],
    "dev server",
  );
  const ready = await server.next<Ready>(30_000);
  return { server, ready };
}
