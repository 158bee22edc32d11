// The real dev server as a child process for integration tests: spawn it,
// read its ready line and structured log, signal it and stop it by PID.

/** The ready line (stdout). */
export interface ReadyLine {
  readonly event: "ready";
  readonly relay: string;
  readonly ws: string;
  readonly http: string;
  readonly certificateSha256: string;
  readonly auth: "none" | "jwt";
  /** The control plane's base URL (tRPC at `<api>/trpc`). */
  readonly api: string;
  readonly orgId: string;
  readonly apiKey: string;
  /** RTMP ingest base URL (`rtmp://HOST:P/live`), null when ingest is off or its port taken. */
  readonly rtmp: string | null;
  /** SRT ingest base URL (`srt://HOST:P`), null when SRT ingest is off or its port taken. */
  readonly srt: string | null;
}

/** One structured log line (stderr). */
export interface LogRecord {
  readonly ts: string;
  readonly level: string;
  readonly event: string;
  readonly [field: string]: unknown;
}

/** The repository root. */
export const ROOT = new URL("../../", import.meta.url).pathname;
/** The server entry point. */
export const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** Rejects after `ms` with `what` unless `p` settles first. */
export async function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buffer = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n")) {
      yield buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
    }
  }
  if (buffer !== "") yield buffer;
}

/** A running `server/main.ts` child. */
export class ServerProcess {
  /** Every stdout line (the ready line should be the only one). */
  readonly stdout: string[] = [];
  /** Every stderr line parsed as a log record; other lines in `stderrText`. */
  readonly logs: LogRecord[] = [];
  readonly stderrText: string[] = [];
  readonly #child: Deno.ChildProcess;
  readonly #done: Promise<void>;
  #ready!: ReadyLine;

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#done = Promise.all([this.#readStdout(), this.#readStderr()]).then(() => undefined);
  }

  /**
   * Spawns the server with the Deno running the tests (the npm `deno` package's
   * binary under `npx deno test`) and waits for its ready line.
   */
  static async start(args: readonly string[], timeoutMs = 20_000): Promise<ServerProcess> {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--unstable-net", MAIN, ...args],
      cwd: ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const server = new ServerProcess(child);
    try {
      await bounded(server.#waitReady(), timeoutMs, "the server's ready line");
    } catch (e) {
      await server.stop();
      throw new Error(`${e instanceof Error ? e.message : e}\nstderr:\n${server.stderrTail()}`);
    }
    return server;
  }

  get ready(): ReadyLine {
    return this.#ready;
  }

  get pid(): number {
    return this.#child.pid;
  }

  /** The exit status, once the process ended. */
  get status(): Promise<Deno.CommandStatus> {
    return this.#child.status;
  }

  /** The port number (UDP and TCP). */
  get port(): number {
    return Number(new URL(this.#ready.http).port);
  }

  stderrTail(n = 30): string {
    return [...this.stderrText, ...this.logs.map((r) => JSON.stringify(r))].slice(-n).join("\n");
  }

  async #waitReady(): Promise<void> {
    while (this.stdout.length === 0) {
      const exited = await Promise.race([
        this.#child.status.then(() => true),
        new Promise<false>((r) => setTimeout(() => r(false), 10)),
      ]);
      if (exited && this.stdout.length === 0) throw new Error("the server exited before ready");
    }
    const ready = JSON.parse(this.stdout[0]!) as ReadyLine;
    if (ready.event !== "ready")
      throw new Error(`first stdout line is not ready: ${this.stdout[0]}`);
    this.#ready = ready;
  }

  async #readStdout(): Promise<void> {
    for await (const line of lines(this.#child.stdout)) this.stdout.push(line);
  }

  async #readStderr(): Promise<void> {
    for await (const line of lines(this.#child.stderr)) {
      try {
        const record = JSON.parse(line) as LogRecord;
        if (typeof record === "object" && record !== null && typeof record.event === "string") {
          this.logs.push(record);
          continue;
        }
      } catch {
        // not a log record
      }
      this.stderrText.push(line);
    }
  }

  /** Log records of `event`. */
  events(event: string): LogRecord[] {
    return this.logs.filter((r) => r.event === event);
  }

  /** Resolves with the first record matching `match`, waiting up to `timeoutMs`. */
  async waitForLog(match: (r: LogRecord) => boolean, timeoutMs = 5_000): Promise<LogRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.find(match);
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        throw new Error(`no matching log record in ${timeoutMs} ms\n${this.stderrTail()}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Sends `signal` to the server process (by its PID). */
  kill(signal: Deno.Signal): void {
    try {
      this.#child.kill(signal);
    } catch {
      // already exited
    }
  }

  /** Waits for the process to exit and its output to be read. */
  async exited(timeoutMs: number): Promise<Deno.CommandStatus> {
    const status = await bounded(this.#child.status, timeoutMs, "the server's exit");
    await bounded(this.#done, 2_000, "the server's output");
    return status;
  }

  /** SIGTERM, then SIGKILL after 3 s; resolves once the process is gone. */
  async stop(): Promise<Deno.CommandStatus> {
    this.kill("SIGTERM");
    try {
      return await this.exited(3_000);
    } catch {
      this.kill("SIGKILL");
      return await this.exited(3_000);
    }
  }
}
