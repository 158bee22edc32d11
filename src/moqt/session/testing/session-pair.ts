// Test helpers: sessions and hand-driven peers over the in-memory transport pair.
import { createTransportPair, type MemoryTransport } from "../../../transport/memory.ts";
import type { SetupParameters } from "../../wire/control/session/setup.ts";
import type { ControlMessage } from "../../wire/control.ts";
import { PROFILES, type Version } from "../../wire/version.ts";
import { ControlChannel } from "../control-channel.ts";
import type { MoqtSessionOptions } from "../options.ts";
import { MoqtSession } from "../session.ts";

/** Both ends of an established session, and their transports. */
export interface SessionPair {
  readonly client: MoqtSession;
  readonly server: MoqtSession;
  readonly clientTransport: MemoryTransport;
  readonly serverTransport: MemoryTransport;
}

/** Connects a client and a server session over `protocol` (default draft-16's). */
export async function sessionPair(
  o: { protocol?: string; client?: MoqtSessionOptions; server?: MoqtSessionOptions } = {},
): Promise<SessionPair> {
  const [clientTransport, serverTransport] = createTransportPair({
    protocol: o.protocol ?? "moqt-16",
  });
  const [client, server] = await Promise.all([
    MoqtSession.connect(clientTransport, o.client),
    MoqtSession.accept(serverTransport, o.server),
  ]);
  return { client, server, clientTransport, serverTransport };
}

/** The transport protocol that selects `version`. */
export function protocolOf(version: Version): string {
  return PROFILES[version].alpn;
}

/** A hand-driven peer: raw control messages on an established control stream. */
export interface RawPeer {
  readonly channel: ControlChannel;
  readonly transport: MemoryTransport;
  /** The SETUP message the raw peer received. */
  readonly setup: ControlMessage;
}

/**
 * A real server session facing a hand-driven client that performed a valid
 * handshake in `version` (granting the server `maxRequestId`).
 */
export async function rawClient(
  version: Version,
  serverOptions: MoqtSessionOptions = {},
  parameters: SetupParameters = { maxRequestId: 100 },
): Promise<RawPeer & { server: MoqtSession }> {
  const [ct, st] = createTransportPair({ protocol: protocolOf(version) });
  const accepted = MoqtSession.accept(st, serverOptions);
  const channel = new ControlChannel(await ct.createBidirectionalStream(), version);
  const versions = PROFILES[version].versionsInSetup ? { versions: [version] } : {};
  channel.send({ kind: "clientSetup", ...versions, parameters });
  const setup = await channel.read();
  if (setup === undefined) throw new Error("no SERVER_SETUP");
  return { channel, transport: ct, setup, server: await accepted };
}

/**
 * A real client session facing a hand-driven server; `answer` builds the
 * SERVER_SETUP (or anything else) from the CLIENT_SETUP received.
 */
export async function rawServer(
  version: Version,
  clientOptions: MoqtSessionOptions = {},
  answer: (hello: ControlMessage) => ControlMessage | undefined = () => ({
    kind: "serverSetup",
    ...(PROFILES[version].versionsInSetup && { selectedVersion: version }),
    parameters: { maxRequestId: 100 },
  }),
): Promise<RawPeer & { client: Promise<MoqtSession> }> {
  const [ct, st] = createTransportPair({ protocol: protocolOf(version) });
  const client = MoqtSession.connect(ct, clientOptions);
  client.catch(() => undefined);
  const incoming = st.incomingBidirectionalStreams.getReader();
  const { value } = await incoming.read();
  incoming.releaseLock();
  if (value === undefined) throw new Error("no control stream");
  const channel = new ControlChannel(value, version);
  const setup = await channel.read();
  if (setup === undefined) throw new Error("no CLIENT_SETUP");
  const reply = answer(setup);
  if (reply !== undefined) channel.send(reply);
  return { channel, transport: st, setup, client };
}
