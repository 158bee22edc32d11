/**
 * `clutchcall server`: the local MoQT relay on Deno.
 *
 * Run: deno run -A --unstable-net server/main.ts [options]   (see --help)
 *
 * stdout carries exactly one JSON line, the ready line; everything else is a
 * structured JSON log line on stderr. Exit codes: 0 after a signal, 1 when the
 * server cannot start (port taken, unreadable key or certificate), 2 for a bad
 * command line.
 * @module
 */
import {
  type AuthChoice,
  parseServerArgs,
  SERVER_HELP,
  type ServerArgs,
  UsageError,
} from "./cli/args.ts";
import { loadAuthKey } from "./cli/auth-key.ts";
import {
  jsonLogger,
  redirectConsole,
  type ServerLogger,
  withPeerLogLimits,
  writeAllSync,
} from "./cli/log.ts";
import { DevServer } from "./dev-server.ts";
import { RTMP_APP } from "./engine/ingest/rtmp-ingest.ts";
import { Engine } from "./engine/mod.ts";
import { startVoice } from "./engine/voice/start.ts";
import type { AuthOptions } from "./relay/core/mod.ts";
import {
  generateCertificate,
  loadCertificateFiles,
  type ServerCertificate,
} from "./relay/h3/mod.ts";

/** Exit within this long of a signal, whatever is still open. */
const SHUTDOWN_DEADLINE_MS = 1_800;

async function authOptions(choice: AuthChoice, logger: ServerLogger): Promise<AuthOptions> {
  if (choice.mode === "none") {
    logger.log(choice.explicit ? "info" : "warn", "auth.disabled", {
      reason: choice.explicit ? "--no-auth" : "no --auth-key on a loopback address",
    });
    return { mode: "none" };
  }
  const key = await loadAuthKey(choice.keyFile);
  logger.log("info", "auth.jwt", {
    keyFile: choice.keyFile,
    format: key.format,
    algorithms: key.algorithms,
  });
  return { mode: "jwt", ...key.options };
}

async function certificateFor(
  files: { certFile: string; keyFile: string } | undefined,
): Promise<ServerCertificate> {
  if (files === undefined) return await generateCertificate({ validityDays: 10 });
  try {
    return await loadCertificateFiles(files.certFile, files.keyFile);
  } catch (e) {
    throw new Error(
      `cannot load --cert ${files.certFile} / --key ${files.keyFile}: ${e instanceof Error ? e.message : e}`,
    );
  }
}

function openEngine(storage: ServerArgs["storage"]): Engine {
  try {
    return Engine.open(storage);
  } catch (e) {
    const where = "dataDir" in storage ? `--data-dir ${storage.dataDir}` : "--ephemeral";
    throw new Error(
      `cannot open the control plane's store (${where}): ${e instanceof Error ? e.message : e}`,
    );
  }
}

/** Starts RTMP and SRT ingest; returns their base URLs (null when off or the port is taken). */
function startIngest(
  engine: Engine,
  server: DevServer,
  args: ServerArgs,
  logger: ServerLogger,
): { rtmp: string | null; srt: string | null } {
  const host = server.urls.http.slice("http://".length).replace(/:\d+$/, "");
  const start = (kind: "rtmp" | "srt", port: number | undefined): string | null => {
    if (port === undefined) return null;
    try {
      const options = {
        hostname: args.hostname,
        port,
        relay: server.relay,
        log: (level: "info" | "warn", event: string, fields: Record<string, unknown>) =>
          logger.log(level, event, fields),
      };
      return kind === "rtmp"
        ? `rtmp://${host}:${engine.startRtmp(options).port}/${RTMP_APP}`
        : `srt://${host}:${engine.startSrt(options).port}`;
    } catch (e) {
      logger.log("warn", `ingest.${kind}_unavailable`, {
        port,
        message: e instanceof Error ? e.message : String(e),
      });
      return null;
    }
  };
  const urls = { rtmp: start("rtmp", args.rtmpPort), srt: start("srt", args.srtPort) };
  engine.setIngestUrls(urls);
  return urls;
}

/** Keeps one failing session from taking the process down. */
function guardProcess(logger: ServerLogger): void {
  globalThis.addEventListener("unhandledrejection", (e) => {
    e.preventDefault();
    logger.log("error", "process.unhandled_rejection", { error: e.reason });
  });
  globalThis.addEventListener("error", (e) => {
    e.preventDefault();
    logger.log("error", "process.uncaught_exception", { error: e.error ?? e.message });
  });
}

function onSignals(server: DevServer, logger: ServerLogger): void {
  let stopping = false;
  const stop = (signal: Deno.Signal) => {
    if (stopping) return;
    stopping = true;
    logger.log("info", "server.signal", { signal });
    setTimeout(() => {
      logger.log("warn", "server.forced_exit", { afterMs: SHUTDOWN_DEADLINE_MS });
      Deno.exit(0);
    }, SHUTDOWN_DEADLINE_MS);
    server.shutdown(`server shutting down (${signal})`).then(
      () => Deno.exit(0),
      (e: unknown) => {
        logger.log("error", "server.shutdown_failed", { error: e });
        Deno.exit(0);
      },
    );
  };
  Deno.addSignalListener("SIGINT", () => stop("SIGINT"));
  Deno.addSignalListener("SIGTERM", () => stop("SIGTERM"));
}

/** Runs the server; resolves with an exit code when it cannot start. */
export async function main(argv: readonly string[]): Promise<number | undefined> {
  let args: ReturnType<typeof parseServerArgs>;
  try {
    args = parseServerArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    writeAllSync(
      Deno.stderr,
      `clutchcall server: ${e.message}\nRun "clutchcall server --help" for the options.\n`,
    );
    return 2;
  }
  if (args.help) {
    writeAllSync(Deno.stdout, SERVER_HELP);
    return 0;
  }
  const logger = withPeerLogLimits(jsonLogger(args.logLevel));
  redirectConsole(logger);
  guardProcess(logger);
  let server: DevServer;
  let engine: Engine;
  try {
    const auth = await authOptions(args.auth, logger);
    const certificate = await certificateFor(args.certificate);
    engine = openEngine(args.storage);
    server = await DevServer.start({
      hostname: args.hostname,
      port: args.port,
      certificate,
      auth,
      limits: args.limits,
      logger,
      echo: args.echo,
      allowOrigin: args.allowOrigin,
      engine,
    });
    await startVoice({
      db: engine.db,
      relay: server.relay,
      logger,
      ringTimeoutS: args.ringTimeoutS,
    }).catch((e: unknown) =>
      // The relay and the rest of the engine serve on; calls.* answer "not running".
      logger.log("error", "voice.unavailable", { error: e }),
    );
  } catch (e) {
    logger.log("error", "server.start_failed", {
      message: e instanceof Error ? e.message : String(e),
    });
    if (logger.threshold === "silent") {
      writeAllSync(Deno.stderr, `clutchcall server: ${e instanceof Error ? e.message : e}\n`);
    }
    return 1;
  }
  onSignals(server, logger);
  const ingest = startIngest(engine, server, args, logger);
  const ready = {
    event: "ready",
    relay: server.urls.relay,
    ws: server.urls.ws,
    http: server.urls.http,
    certificateSha256: server.certificate.sha256Hex,
    auth: args.auth.mode,
    api: server.urls.http,
    orgId: engine.credentials.orgId,
    apiKey: engine.credentials.apiKey,
    rtmp: ingest.rtmp,
    srt: ingest.srt,
  };
  writeAllSync(Deno.stdout, `${JSON.stringify(ready)}\n`);
  const { event: _, apiKey: _secret, ...where } = ready;
  logger.log("info", "server.ready", {
    ...where,
    limits: args.limits,
    echo: args.echo || undefined,
  });
  return undefined;
}

if (import.meta.main) {
  const code = await main(Deno.args);
  if (code !== undefined) Deno.exit(code);
}
