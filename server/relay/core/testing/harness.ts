// Test helpers: clients of a Relay over in-memory transport pairs, in either draft.
import {
  type FetchItem,
  type IncomingFetchStream,
  type IncomingSubgroupStream,
  type MoqtRequestHandler,
  MoqtSession,
  type MoqtSessionListeners,
  type ObjectDatagram,
  type SubgroupWriter,
} from "../../../../src/moqt/session/index.ts";
import { ObjectStatus, SubgroupIdMode } from "../../../../src/moqt/wire/data/index.ts";
import {
  type KeyValuePair,
  namespaceFromPath,
  PROFILES,
  Version,
} from "../../../../src/moqt/wire/index.ts";
import { createTransportPair, type MemoryTransport } from "../../../../src/transport/memory.ts";
import type { MoqTransport } from "../../../../src/transport/types.ts";
import type { Grant } from "../auth/grant.ts";
import type { Relay } from "../relay.ts";
import { CountingTransport } from "./counting-transport.ts";

/** UTF-8 encoder for names and tokens. */
export const ENC = new TextEncoder();
/** UTF-8 decoder for names and extension values. */
export const DEC = new TextDecoder();

/** The version of a draft number. */
export function versionOf(draft: 14 | 16): Version {
  return draft === 14 ? Version.DRAFT_14 : Version.DRAFT_16;
}

/** Options of `connect`. */
export interface ConnectOptions {
  readonly draft?: 14 | 16;
  readonly handler?: MoqtRequestHandler;
  readonly on?: MoqtSessionListeners;
  /** JWTs sent as AUTHORIZATION TOKEN setup parameters (USE_VALUE, type 0). */
  readonly tokens?: readonly string[];
  readonly query?: string;
  /** Rights given by the host process instead of tokens (`AcceptInfo.grants`). */
  readonly grants?: readonly Grant[];
  /** Per-stream window of the in-memory pair (a small one makes a slow reader). */
  readonly streamWindowBytes?: number;
  /** Count the client's sent bytes. */
  readonly count?: boolean;
  /** Wraps the relay's end of the pair (e.g. to watch what the relay writes). */
  readonly relaySide?: (transport: MoqTransport) => MoqTransport;
}

/** A client session of the relay and its transport ends. */
export interface TestClient {
  readonly session: MoqtSession;
  readonly transport: MemoryTransport;
  readonly counter: CountingTransport | undefined;
}

/** Connects a client to `relay` over a fresh in-memory pair. Rejects when the relay refuses it. */
export async function connect(relay: Relay, o: ConnectOptions = {}): Promise<TestClient> {
  const version = versionOf(o.draft ?? 16);
  const [ct, st] = createTransportPair({
    protocol: PROFILES[version].alpn,
    ...(o.streamWindowBytes !== undefined && { streamWindowBytes: o.streamWindowBytes }),
  });
  const counter = o.count ? new CountingTransport(ct) : undefined;
  const client: MoqTransport = counter ?? ct;
  const tokens = (o.tokens ?? []).map((t) => ({
    aliasType: "useValue" as const,
    tokenType: 0,
    value: ENC.encode(t),
  }));
  const accepted = relay.accept(o.relaySide?.(st) ?? st, {
    path: "/moq",
    ...(o.query !== undefined && { query: o.query }),
    ...(o.grants !== undefined && { grants: o.grants }),
  });
  const session = await MoqtSession.connect(client, {
    versions: [version],
    ...(o.handler !== undefined && { handler: o.handler }),
    ...(o.on !== undefined && { on: o.on }),
    setupParameters: tokens.length > 0 ? { authorizationTokens: tokens } : {},
  });
  await accepted;
  return { session, transport: ct, counter };
}

/** A namespace from a path. */
export const ns = (path: string) => namespaceFromPath(path);

/** A track name from text. */
export const tn = (name: string) => ENC.encode(name);

/** Payload of object `o` in group `g` (`size` bytes, recognisable). */
export function payloadOf(g: number, o: number, size = 16): Uint8Array {
  const p = new Uint8Array(size);
  p.fill((g * 31 + o) % 251);
  p[0] = g % 256;
  if (size > 1) p[1] = o % 256;
  return p;
}

/** A publisher that PUBLISHed one track. */
export class TrackPublisher {
  private constructor(
    readonly session: MoqtSession,
    readonly trackAlias: number,
    readonly requestId: number,
  ) {}

  /** Sends PUBLISH (forward) and waits for PUBLISH_OK. */
  static async publish(
    session: MoqtSession,
    path: string,
    name: string,
    o: { alias?: number; trackExtensions?: KeyValuePair[] } = {},
  ): Promise<TrackPublisher> {
    const trackAlias = o.alias ?? 7;
    const ok = await session.publish({
      trackNamespace: ns(path),
      trackName: tn(name),
      trackAlias,
      forward: true,
      ...(o.trackExtensions !== undefined && { trackExtensions: o.trackExtensions }),
    });
    return new TrackPublisher(session, trackAlias, ok.requestId);
  }

  /** Opens the stream of subgroup 0 of `groupId`. */
  open(groupId: number, hasExtensions = false, priority = 128): Promise<SubgroupWriter> {
    return openGroup(this.session, this.trackAlias, groupId, hasExtensions, priority);
  }

  /** Sends a whole group of `count` objects on one stream and closes it. */
  async group(
    groupId: number,
    count: number,
    o: { size?: number; firstExtensions?: KeyValuePair[]; priority?: number } = {},
  ): Promise<void> {
    await sendGroup(this.session, this.trackAlias, groupId, count, o);
  }
}

/** Opens a subgroup stream (subgroup 0) for `alias`. */
export function openGroup(
  session: MoqtSession,
  trackAlias: number,
  groupId: number,
  hasExtensions = false,
  priority = 128,
): Promise<SubgroupWriter> {
  return session.openSubgroup({
    kind: "subgroup",
    trackAlias,
    groupId,
    subgroupIdMode: SubgroupIdMode.ZERO,
    publisherPriority: priority,
    hasExtensions,
    endOfGroup: false,
  });
}

/** Sends `count` objects of group `groupId` on one stream, then FIN. */
export async function sendGroup(
  session: MoqtSession,
  trackAlias: number,
  groupId: number,
  count: number,
  o: { size?: number; firstExtensions?: KeyValuePair[]; priority?: number } = {},
): Promise<void> {
  const w = await openGroup(
    session,
    trackAlias,
    groupId,
    o.firstExtensions !== undefined,
    o.priority,
  );
  for (let i = 0; i < count; i++) {
    await w.write({
      objectId: i,
      status: ObjectStatus.NORMAL,
      payload: payloadOf(groupId, i, o.size),
      ...(i === 0 && o.firstExtensions !== undefined && { extensions: o.firstExtensions }),
    });
  }
  await w.close();
}

/** An Object as a test subscriber saw it. */
export interface Seen {
  readonly alias: number;
  readonly group: number;
  readonly object: number;
  readonly payload: Uint8Array;
  readonly extensions: readonly KeyValuePair[] | undefined;
  readonly via: "stream" | "datagram";
  /** Publisher Priority of the subgroup header or datagram (absent: the track default). */
  readonly priority: number | undefined;
}

/** Collects every Object a session receives on subgroup streams, datagrams and FETCH streams. */
export class Collector {
  readonly seen: Seen[] = [];
  readonly streams: IncomingSubgroupStream[] = [];
  /** FETCH response items by Request ID; `done` once the stream ended (FIN or reset). */
  readonly fetched = new Map<number, { items: FetchItem[]; done: boolean; reset: boolean }>();

  /** Listeners to pass to `connect`; `read: false` holds streams without reading them. */
  listeners(read = true): MoqtSessionListeners {
    return {
      subgroupStream: (s) => {
        this.streams.push(s);
        if (read) void this.drain(s);
      },
      fetchStream: (s) => void this.drainFetch(s),
      datagram: (d: ObjectDatagram) =>
        this.seen.push({
          alias: d.trackAlias,
          group: d.groupId,
          object: d.objectId,
          payload: d.payload.slice(),
          extensions: d.extensions,
          via: "datagram",
          priority: d.publisherPriority,
        }),
    };
  }

  /** Objects seen under `alias`, as "group:object" strings in Location order. */
  keys(alias?: number): string[] {
    return this.seen
      .filter((s) => alias === undefined || s.alias === alias)
      .sort((a, b) => a.group - b.group || a.object - b.object)
      .map((s) => `${s.group}:${s.object}`);
  }

  private async drainFetch(s: IncomingFetchStream): Promise<void> {
    const entry = { items: [] as FetchItem[], done: false, reset: false };
    this.fetched.set(s.header.requestId, entry);
    try {
      for await (const item of s) {
        entry.items.push(
          item.kind === "object" ? { ...item, payload: item.payload.slice() } : item,
        );
      }
    } catch {
      entry.reset = true;
    }
    entry.done = true;
  }

  private async drain(s: IncomingSubgroupStream): Promise<void> {
    try {
      for await (const o of s) {
        this.seen.push({
          alias: s.header.trackAlias,
          group: s.header.groupId,
          object: o.objectId,
          payload: o.payload.slice(),
          extensions: o.extensions,
          via: "stream",
          priority: s.header.publisherPriority,
        });
      }
    } catch {
      // reset: what arrived is kept
    }
  }
}

/** "g:o" for every object of groups `from..to` with `count` objects each. */
export function expectedKeys(from: number, to: number, count: number): string[] {
  const out: string[] = [];
  for (let g = from; g <= to; g++) for (let o = 0; o < count; o++) out.push(`${g}:${o}`);
  return out;
}
