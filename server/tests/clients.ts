// MoQT clients of the real server for Deno integration tests: the SDK's
// transport (QMux over WebSocket, or Deno's native WebTransport) and session.
import {
  type MoqtRequestHandler,
  MoqtSession,
  MoqtSessionError,
  type MoqtSessionListeners,
  type MoqtSessionOptions,
} from "../../src/moqt/session/index.ts";
import { protocolsFor } from "../../src/moqt/session/negotiation.ts";
import { PROFILES } from "../../src/moqt/wire/index.ts";
import { type ConnectedTransport, connectTransport } from "../../src/transport/connect.ts";
import type { MoqTransport } from "../../src/transport/types.ts";
import { connectWebTransport } from "../../src/transport/webtransport.ts";
import { ENC, versionOf } from "../relay/core/testing/harness.ts";

export {
  Collector,
  ENC,
  expectedKeys,
  ns,
  payloadOf,
  sendGroup,
  TrackPublisher,
  tn,
} from "../relay/core/testing/harness.ts";
export { SubscribeAnswerer } from "../relay/core/testing/namespace-publisher.ts";
export { until } from "../relay/core/testing/wait.ts";

/** Options of the client helpers. */
export interface ClientOptions {
  readonly draft?: 14 | 16;
  readonly handler?: MoqtRequestHandler;
  readonly on?: MoqtSessionListeners;
  /** JWTs sent as AUTHORIZATION TOKEN setup parameters (USE_VALUE, token type 0). */
  readonly tokens?: readonly string[];
  /** URL query, e.g. "jwt=..." */
  readonly query?: string;
}

/** A connected client. */
export interface Client {
  readonly transport: MoqTransport;
  readonly session: MoqtSession;
}

function sessionOptions(o: ClientOptions, anyVersion = false): MoqtSessionOptions {
  const tokens = (o.tokens ?? []).map((t) => ({
    aliasType: "useValue" as const,
    tokenType: 0,
    value: ENC.encode(t),
  }));
  return {
    ...(!anyVersion && { versions: [versionOf(o.draft ?? 16)] }),
    ...(o.handler !== undefined && { handler: o.handler }),
    ...(o.on !== undefined && { on: o.on }),
    setupParameters: tokens.length > 0 ? { authorizationTokens: tokens } : {},
  };
}

function withQuery(url: string, query: string | undefined): string {
  return query === undefined ? url : `${url}?${query}`;
}

/** Dials QMux over WebSocket at `wsUrl` offering only `draft`'s protocol. */
export async function qmuxTransport(
  wsUrl: string,
  draft: 14 | 16,
  query?: string,
): Promise<ConnectedTransport> {
  const version = versionOf(draft);
  const transport = await connectTransport(withQuery(wsUrl, query), {
    transport: "websocket",
    protocols: protocolsFor([version]),
  });
  if (transport.protocol !== PROFILES[version].alpn) {
    throw new Error(`negotiated "${transport.protocol}", wanted ${PROFILES[version].alpn}`);
  }
  return transport;
}

/** A MoQT session over QMux; rejects (MoqtSessionError) when the server refuses it. */
export async function qmuxClient(wsUrl: string, o: ClientOptions = {}): Promise<Client> {
  const transport = await qmuxTransport(wsUrl, o.draft ?? 16, o.query);
  const session = await MoqtSession.connect(transport, sessionOptions(o));
  return { transport, session };
}

/** A MoQT session over Deno's native WebTransport client, pinned to `hashHex`. */
export async function webTransportClient(
  url: string,
  hashHex: string,
  o: ClientOptions = {},
): Promise<Client> {
  const transport = await connectWebTransport(withQuery(url, o.query), {
    protocols: protocolsFor(),
    serverCertificateHashes: [hashHex],
  });
  // Deno's client sends no WT-Available-Protocols: the version is chosen in SETUP (draft-14).
  const session = await MoqtSession.connect(transport, sessionOptions(o, true));
  return { transport, session };
}

/** The termination code a refused session got, or throws if it was accepted. */
export async function refusal(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (e) {
    if (e instanceof MoqtSessionError) return e.termination;
    throw e;
  }
  throw new Error("the session was accepted");
}

/** Asserts `cond`. */
export function assert(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}

/** Asserts JSON equality. */
export function assertEquals(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}
