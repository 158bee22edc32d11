// Browser side of tests/server.spec.ts: MoQT clients of the real dev server in
// Chromium, over native WebTransport, through the SDK (connectTransport +
// MoqtSession) and through moq-dev's @moq/net. Each page keeps its clients by id.
import * as Moq from "@moq/net";
import {
  type IncomingSubgroupStream,
  MoqtSession,
  protocolsFor,
} from "../../src/moqt/session/index.ts";
import { ObjectStatus, SubgroupIdMode } from "../../src/moqt/wire/data/index.ts";
import { namespaceFromPath, Version } from "../../src/moqt/wire/index.ts";
import { type ConnectedTransport, connectTransport } from "../../src/transport/index.ts";

const ENC = new TextEncoder();
const DEC = new TextDecoder();

interface SdkClient {
  readonly transport: ConnectedTransport;
  readonly session: MoqtSession;
  /** "alias group:object=text" per Object received. */
  readonly seen: string[];
  closeCode: number | undefined;
  goAway: boolean;
}

const sdk = new Map<string, SdkClient>();
const net = new Map<string, Moq.Connection.Established>();
const netSeen = new Map<string, string[]>();

async function drain(s: IncomingSubgroupStream, seen: string[]): Promise<void> {
  try {
    for await (const o of s) {
      seen.push(
        `${s.header.trackAlias} ${s.header.groupId}:${o.objectId}=${DEC.decode(o.payload)}`,
      );
    }
  } catch {
    // reset: what arrived is kept
  }
}

const api = {
  /** Connects an SDK client over native WebTransport (`draft` 16: moqt-16, 14: moq-00). */
  async connect(id: string, url: string, draft: 14 | 16) {
    const version = draft === 14 ? Version.DRAFT_14 : Version.DRAFT_16;
    const transport = await connectTransport(url, {
      transport: "webtransport",
      protocols: protocolsFor([version]),
    });
    const seen: string[] = [];
    const client: SdkClient = {
      transport,
      session: undefined!,
      seen,
      closeCode: undefined,
      goAway: false,
    };
    const session = await MoqtSession.connect(transport, {
      versions: [version],
      on: {
        subgroupStream: (s) => void drain(s, seen),
        goAway: () => {
          client.goAway = true;
        },
      },
    });
    Object.assign(client, { session });
    void session.closed.then((c) => {
      client.closeCode = c.code;
    });
    sdk.set(id, client);
    return { kind: transport.kind, protocol: transport.protocol, draft: session.draft };
  },

  /** PUBLISHes `path`/`name` with alias 1. */
  async publish(id: string, path: string, name: string) {
    const { session } = sdk.get(id)!;
    await session.publish({
      trackNamespace: namespaceFromPath(path),
      trackName: ENC.encode(name),
      trackAlias: 1,
      forward: true,
    });
  },

  /** Sends group `group` of `count` text Objects on alias 1. */
  async sendGroup(id: string, group: number, count: number) {
    const { session } = sdk.get(id)!;
    const w = await session.openSubgroup({
      kind: "subgroup",
      trackAlias: 1,
      groupId: group,
      subgroupIdMode: SubgroupIdMode.ZERO,
      publisherPriority: 128,
      hasExtensions: false,
      endOfGroup: false,
    });
    for (let o = 0; o < count; o++) {
      await w.write({
        objectId: o,
        status: ObjectStatus.NORMAL,
        payload: ENC.encode(`g${group}o${o}`),
      });
    }
    await w.close();
  },

  /** SUBSCRIBEs; returns the Track Alias. */
  async subscribe(id: string, path: string, name: string) {
    const { session } = sdk.get(id)!;
    const ok = await session.subscribe({
      trackNamespace: namespaceFromPath(path),
      trackName: ENC.encode(name),
    });
    return ok.trackAlias;
  },

  /** Writes bytes that are no MoQT stream (unknown stream type), with or without FIN. */
  async garbage(id: string, fin: boolean) {
    const { transport } = sdk.get(id)!;
    const s = await transport.createUnidirectionalStream();
    const w = s.getWriter();
    // The session may end before the write or the FIN is acknowledged.
    await w.write(new Uint8Array([0x02, 0x01, 0x02])).catch(() => undefined);
    if (fin) await w.close().catch(() => undefined);
  },

  state(id: string) {
    const c = sdk.get(id)!;
    return { seen: [...c.seen].sort(), closeCode: c.closeCode, goAway: c.goAway };
  },

  close(id: string) {
    sdk.get(id)?.session.close();
  },

  /** @moq/net's own connect: for an http:// URL it pins /certificate.sha256 and races WebTransport. */
  async netConnect(id: string, url: string) {
    const conn = await Moq.Connection.connect(new URL(url));
    net.set(id, conn);
    return { version: conn.version, transport: conn.transport };
  },

  /** @moq/net publishes broadcast `path` with track `name`; returns a function name to write. */
  netPublish(id: string, path: string, name: string) {
    const broadcast = new Moq.Broadcast.Producer();
    const track = broadcast.createTrack(name);
    net.get(id)!.publish(Moq.Path.from(path), broadcast);
    (globalThis as unknown as { netTracks: Map<string, Moq.Track.Producer> }).netTracks ??=
      new Map();
    (globalThis as unknown as { netTracks: Map<string, Moq.Track.Producer> }).netTracks.set(
      id,
      track,
    );
  },

  netWriteGroup(id: string, frames: string[]) {
    const track = (
      globalThis as unknown as { netTracks: Map<string, Moq.Track.Producer> }
    ).netTracks.get(id)!;
    const group = track.appendGroup();
    for (const f of frames) group.writeString(f);
    group.close();
  },

  /** @moq/net subscribes to `path`/`name` and records "group:text" per frame. */
  netSubscribe(id: string, path: string, name: string) {
    const seen: string[] = [];
    netSeen.set(id, seen);
    const sub = net.get(id)!.consume(Moq.Path.from(path)).subscribe(name);
    void (async () => {
      for (let g = await sub.recvGroup(); g !== undefined; g = await sub.recvGroup()) {
        for (let f = await g.readFrame(); f !== undefined; f = await g.readFrame()) {
          seen.push(`${g.sequence}:${DEC.decode(f.payload)}`);
        }
      }
    })().catch(() => undefined);
  },

  netSeen(id: string) {
    return [...(netSeen.get(id) ?? [])].sort();
  },

  netClose(id: string) {
    net.get(id)?.close();
  },
};

export type ServerClientApi = typeof api;
(globalThis as unknown as { moq: ServerClientApi }).moq = api;
(globalThis as unknown as { moqReady: boolean }).moqReady = true;
