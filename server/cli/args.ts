// Command-line arguments of `clutchcall server`: parsing, validation, help.
import { parseArgs } from "node:util";
import { isLoopbackHost } from "../../src/transport/loopback.ts";
import type { RelayLimits } from "../relay/core/mod.ts";
import { isLogThreshold, LOG_LEVELS, type LogThreshold } from "./log.ts";

/** A command line the server cannot run with; the message says what to change. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** How sessions are authorized. */
export type AuthChoice =
  /** `explicit`: --no-auth was given (otherwise the loopback default applies). */
  | { readonly mode: "none"; readonly explicit: boolean }
  | { readonly mode: "jwt"; readonly keyFile: string };

/** A parsed `clutchcall server` command line. */
export interface ServerArgs {
  readonly help: boolean;
  readonly hostname: string;
  /** TCP and UDP port number; 0 picks one free on both. */
  readonly port: number;
  readonly auth: AuthChoice;
  /** PEM files of the serving certificate; a fresh one is generated when absent. */
  readonly certificate: { readonly certFile: string; readonly keyFile: string } | undefined;
  readonly logLevel: LogThreshold;
  readonly limits: Partial<RelayLimits>;
  /** Serve a raw WebTransport echo at /echo (benchmark baseline). */
  readonly echo: boolean;
  /** Access-Control-Allow-Origin of the HTTP endpoints. */
  readonly allowOrigin: string;
  /** Where the control plane keeps its data: a directory, or memory only. */
  readonly storage: { readonly ephemeral: true } | { readonly dataDir: string };
  /** RTMP ingest port (0: a free one), or undefined when ingest is off. */
  readonly rtmpPort: number | undefined;
  /** SRT ingest UDP port (0: a free one), or undefined when SRT ingest is off. */
  readonly srtPort: number | undefined;
  /** Seconds the PSTN simulator's no-answer number rings before `no_answer`. */
  readonly ringTimeoutS: number;
}

/** The RTMP ingest port of the streams recipes. */
export const DEFAULT_RTMP_PORT = 1935;
/** The SRT ingest port (UDP). */
export const DEFAULT_SRT_PORT = 8890;

/** The default data directory of the control plane, relative to the working directory. */
export const DEFAULT_DATA_DIR = ".clutchcall";

/** The default port of the examples. */
export const DEFAULT_PORT = 4443;
/** The default listen address: loopback only. */
export const DEFAULT_HOST = "127.0.0.1";

/** Limit flags and the relay limit each sets; sizes take K/M/G suffixes. */
const LIMIT_FLAGS = {
  "max-sessions": { limit: "maxSessions", size: false },
  "max-requests-per-session": { limit: "maxRequestsPerSession", size: false },
  "max-object-bytes": { limit: "maxObjectBytes", size: true },
  "max-cache-bytes": { limit: "maxCacheBytes", size: true },
  "max-cache-bytes-per-track": { limit: "maxCacheBytesPerTrack", size: true },
} as const satisfies Record<string, { limit: keyof RelayLimits; size: boolean }>;

export const SERVER_HELP = `clutchcall server — the local MoQT relay (HTTP/3 WebTransport + QMux over WebSocket)

Usage: clutchcall server [options]

Listening
  --port N                UDP and TCP port number (default ${DEFAULT_PORT}; 0 = a free one)
  --host ADDR             address to bind (default ${DEFAULT_HOST})
  --cert FILE --key FILE  PEM certificate and key for HTTP/3 (default: a fresh
                          ECDSA P-256 certificate valid 10 days, made at start)
  --allow-origin ORIGIN   CORS Access-Control-Allow-Origin (default *)
  --echo                  also serve a raw WebTransport echo at /echo (benchmarks)

Auth
  --auth-key FILE         verify JWTs with this public key (PEM SPKI or certificate,
                          JWK or JWK set); Ed25519 (EdDSA) or RSA (RS256)
  --no-auth               accept every session (local development)
                          With neither, a loopback --host runs without auth and
                          any other address refuses to start.

Control plane (tRPC at http://HOST:P/trpc)
  --data-dir DIR          SQLite database and dev credentials (default ${DEFAULT_DATA_DIR}/)
  --ephemeral             keep everything in memory (gone at exit)
  --ring-timeout SECONDS  how long the PSTN simulator rings an unanswered call
                          before no_answer (default 30)

Ingest
  --rtmp-port N           RTMP ingest port (default ${DEFAULT_RTMP_PORT}; 0 = a free one)
  --no-rtmp               no RTMP ingest
  --srt-port N            SRT ingest UDP port (default ${DEFAULT_SRT_PORT}; 0 = a free one)
  --no-srt                no SRT ingest

Limits (each refusal names the limit it hit)
  --max-sessions N                concurrent sessions (default 1024)
  --max-requests-per-session N    live requests per session (default 1024)
  --max-object-bytes SIZE         largest Object payload (default 8MiB)
  --max-cache-bytes SIZE          cached Object bytes, all tracks (default 256MiB)
  --max-cache-bytes-per-track SIZE  cached Object bytes per track (default 32MiB)
                          SIZE: bytes, or with a K, M or G suffix (powers of 1024)

Output
  --log-level LEVEL       ${LOG_LEVELS.join(" | ")} (default info); JSON lines on stderr
  -h, --help              show this text

On start it prints one JSON line on stdout:
  {"event":"ready","relay":"https://HOST:P/moq","ws":"ws://HOST:P/moq",
   "http":"http://HOST:P","certificateSha256":"<hex>","auth":"none"|"jwt",
   "api":"http://HOST:P","orgId":"org_…","apiKey":"cck_…"}
SIGINT / SIGTERM: GOAWAY to every session, then close; exits 0 within 2 s.
`;

const SIZE_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  k: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
};

/** A positive integer, optionally with a binary size suffix ("8M", "256MiB"). */
export function parseCount(flag: string, text: string, size: boolean): number {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m === null ? undefined : SIZE_UNITS[m[2]!.toLowerCase()];
  const value = m === null || unit === undefined ? Number.NaN : Number(m[1]) * unit;
  if (!(Number.isSafeInteger(value) && value > 0) || (!size && unit !== 1)) {
    const what = size
      ? "a positive size in bytes (e.g. 1048576, 512K, 8M, 1G)"
      : "a positive integer";
    throw new UsageError(`--${flag} must be ${what}, got "${text}"`);
  }
  return value;
}

function parsePort(text: string, flag = "--port"): number {
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new UsageError(`${flag} must be an integer from 0 to 65535, got "${text}"`);
  }
  return port;
}

/** Parses `clutchcall server` arguments; throws UsageError with a message meant for users. */
export function parseServerArgs(argv: readonly string[]): ServerArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: "boolean", short: "h" },
        port: { type: "string" },
        host: { type: "string" },
        cert: { type: "string" },
        key: { type: "string" },
        "auth-key": { type: "string" },
        "no-auth": { type: "boolean" },
        "log-level": { type: "string" },
        "allow-origin": { type: "string" },
        echo: { type: "boolean" },
        "data-dir": { type: "string" },
        ephemeral: { type: "boolean" },
        "rtmp-port": { type: "string" },
        "no-rtmp": { type: "boolean" },
        "srt-port": { type: "string" },
        "no-srt": { type: "boolean" },
        "ring-timeout": { type: "string" },
        ...Object.fromEntries(Object.keys(LIMIT_FLAGS).map((f) => [f, { type: "string" }])),
      },
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const str = (name: string) => values[name] as string | undefined;
  const help = values.help === true;

  const hostname = str("host") ?? DEFAULT_HOST;
  if (hostname.trim() === "") throw new UsageError("--host must not be empty");
  const port = str("port") === undefined ? DEFAULT_PORT : parsePort(str("port")!);

  const certFile = str("cert");
  const keyFile = str("key");
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new UsageError("--cert and --key go together: give both PEM files, or neither");
  }

  const authKey = str("auth-key");
  const noAuth = values["no-auth"] === true;
  if (authKey !== undefined && noAuth) {
    throw new UsageError("--auth-key and --no-auth exclude each other: pick one");
  }
  let auth: AuthChoice;
  if (authKey !== undefined) auth = { mode: "jwt", keyFile: authKey };
  else if (noAuth) auth = { mode: "none", explicit: true };
  else if (isLoopbackHost(hostname) || help) auth = { mode: "none", explicit: false };
  else {
    throw new UsageError(
      `--host ${hostname} is reachable from other machines: pass --auth-key FILE to require tokens, or --no-auth to accept anyone`,
    );
  }

  const level = str("log-level") ?? "info";
  if (!isLogThreshold(level)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(", ")}, got "${level}"`);
  }

  const limits: Partial<Record<keyof RelayLimits, number>> = {};
  for (const [flag, { limit, size }] of Object.entries(LIMIT_FLAGS)) {
    const text = str(flag);
    if (text !== undefined) limits[limit] = parseCount(flag, text, size);
  }

  const dataDir = str("data-dir");
  if (dataDir !== undefined && values.ephemeral === true) {
    throw new UsageError("--data-dir and --ephemeral exclude each other: pick one");
  }
  if (dataDir !== undefined && dataDir.trim() === "") {
    throw new UsageError("--data-dir must not be empty");
  }

  const ingestPort = (name: "rtmp" | "srt", fallback: number): number | undefined => {
    const text = str(`${name}-port`);
    const off = values[`no-${name}`] === true;
    if (text !== undefined && off) {
      throw new UsageError(`--${name}-port and --no-${name} exclude each other: pick one`);
    }
    return off ? undefined : text === undefined ? fallback : parsePort(text, `--${name}-port`);
  };
  const rtmpPort = ingestPort("rtmp", DEFAULT_RTMP_PORT);
  const srtPort = ingestPort("srt", DEFAULT_SRT_PORT);

  const ringTimeoutText = str("ring-timeout");
  const ringTimeoutS = ringTimeoutText === undefined ? 30 : Number(ringTimeoutText);
  if (!(Number.isFinite(ringTimeoutS) && ringTimeoutS > 0 && ringTimeoutS <= 3600)) {
    throw new UsageError(
      `--ring-timeout must be a number of seconds in (0, 3600], got ${ringTimeoutText}`,
    );
  }

  return {
    help,
    hostname,
    port,
    auth,
    certificate:
      certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : undefined,
    logLevel: level,
    limits,
    echo: values.echo === true,
    allowOrigin: str("allow-origin") ?? "*",
    storage:
      values.ephemeral === true ? { ephemeral: true } : { dataDir: dataDir ?? DEFAULT_DATA_DIR },
    rtmpPort,
    srtPort,
    ringTimeoutS,
  };
}
