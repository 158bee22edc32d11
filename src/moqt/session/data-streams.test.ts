import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { streamError } from "../../transport/errors.ts";
import { arbitraries } from "../wire/data/arbitrary.ts";
import {
  decodeStreamHeader,
  encodeFetchObject,
  encodeStreamHeader,
  encodeSubgroupObject,
  type FetchItem,
  type FetchObject,
  type SubgroupHeader,
  type SubgroupObject,
} from "../wire/data/index.ts";
import { ObjectStatus } from "../wire/data/object-status.ts";
import { SessionErrorCode, StreamResetCode } from "../wire/error-codes.ts";
import { bytesEqual } from "../wire/namespace.ts";
import { Version } from "../wire/version.ts";
import { DataStreamReader } from "./data-reader.ts";
import { MoqtErrorCode, MoqtSessionError, MoqtStreamError } from "./errors.ts";
import { IncomingFetchStream, IncomingSubgroupStream } from "./incoming-streams.ts";
import type { MoqtSession } from "./session.ts";
import { concat, cuts, split, streamOf, writeChunks } from "./testing/chunks.ts";
import { protocolOf, sessionPair } from "./testing/session-pair.ts";

const VERSIONS = { 14: Version.DRAFT_14, 16: Version.DRAFT_16 } as const;

function subgroupBytes(
  h: SubgroupHeader,
  objects: readonly SubgroupObject[],
  v: Version,
): Uint8Array {
  let prev: number | undefined;
  const parts = [encodeStreamHeader(h, v)];
  for (const o of objects) {
    parts.push(encodeSubgroupObject(o, h, prev, v));
    prev = o.objectId;
  }
  return concat(parts);
}

function fetchBytes(requestId: number, items: readonly FetchItem[], v: Version): Uint8Array {
  let prev: FetchItem | undefined;
  let prevObject: FetchObject | undefined;
  const parts = [encodeStreamHeader({ kind: "fetch", requestId }, v)];
  for (const item of items) {
    parts.push(encodeFetchObject(item, prev, prevObject, v));
    prev = item;
    if (item.kind === "object") prevObject = item;
  }
  return concat(parts);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function nextStream<K extends "subgroupStream" | "fetchStream">(session: MoqtSession, kind: K) {
  return new Promise<K extends "subgroupStream" ? IncomingSubgroupStream : IncomingFetchStream>(
    (resolve) => {
      const off = session.on(kind, (s) => {
        off();
        resolve(s as never);
      });
    },
  );
}

function headerOf(reader: DataStreamReader, v: Version) {
  return reader.next((bytes, offset) => decodeStreamHeader(bytes, v, offset));
}

const noFail = (e: MoqtSessionError) => {
  throw e;
};

describe("data stream reading", () => {
  for (const draft of [14, 16] as const) {
    const v = VERSIONS[draft];

    it(`draft-${draft}: subgroup Objects survive any chunking`, async () => {
      await fc.assert(
        fc.asyncProperty(
          arbitraries[draft].subgroupStream,
          cuts,
          async ({ header, objects }, at) => {
            const reader = new DataStreamReader(
              streamOf(split(subgroupBytes(header, objects, v), at)),
              1 << 20,
            );
            expect(await headerOf(reader, v)).toEqual(header);
            const stream = new IncomingSubgroupStream(header, reader, v, noFail);
            expect(await collect(stream)).toEqual(objects);
          },
        ),
        { numRuns: 300 },
      );
    });

    it(`draft-${draft}: FETCH items survive any chunking`, async () => {
      await fc.assert(
        fc.asyncProperty(arbitraries[draft].fetchStream, cuts, async (items, at) => {
          const bytes = fetchBytes(7, items, v);
          const reader = new DataStreamReader(streamOf(split(bytes, at)), 1 << 20);
          expect(await headerOf(reader, v)).toEqual({ kind: "fetch", requestId: 7 });
          const stream = new IncomingFetchStream(
            { kind: "fetch", requestId: 7 },
            reader,
            v,
            noFail,
          );
          expect(await collect(stream)).toEqual(items);
        }),
        { numRuns: 300 },
      );
    });
  }

  it("hands out payloads as views of the received chunk when an Object fits in it", async () => {
    const v = Version.DRAFT_16;
    const header: SubgroupHeader = {
      kind: "subgroup",
      trackAlias: 1,
      groupId: 2,
      subgroupIdMode: 0,
      publisherPriority: 0,
      hasExtensions: false,
      endOfGroup: false,
    };
    const obj = { objectId: 0, status: ObjectStatus.NORMAL, payload: new Uint8Array([5, 6, 7]) };
    const chunk = subgroupBytes(header, [obj], v);
    const reader = new DataStreamReader(streamOf([chunk]), 1024);
    await headerOf(reader, v);
    const [got] = await collect(new IncomingSubgroupStream(header, reader, v, noFail));
    expect(got?.payload.buffer).toBe(chunk.buffer);
  });

  it("reassembles a large Object from many small chunks, within the bound", async () => {
    const v = Version.DRAFT_14;
    const header: SubgroupHeader = {
      kind: "subgroup",
      trackAlias: 1,
      groupId: 0,
      subgroupIdMode: 0,
      publisherPriority: 1,
      hasExtensions: false,
      endOfGroup: true,
    };
    const payload = Uint8Array.from({ length: 200_000 }, (_, i) => i & 0xff);
    const bytes = subgroupBytes(header, [{ objectId: 0, status: ObjectStatus.NORMAL, payload }], v);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, i) =>
      bytes.slice(i * 1000, i * 1000 + 1000),
    );
    const ok = new DataStreamReader(streamOf(chunks), 256 * 1024);
    await headerOf(ok, v);
    const [got] = await collect(new IncomingSubgroupStream(header, ok, v, noFail));
    expect(got !== undefined && bytesEqual(got.payload, payload)).toBe(true);

    const tooSmall = new DataStreamReader(streamOf(chunks), 64 * 1024);
    await headerOf(tooSmall, v);
    const e = await collect(new IncomingSubgroupStream(header, tooSmall, v, noFail)).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(MoqtStreamError);
    expect((e as MoqtStreamError).code).toBe(MoqtErrorCode.STREAM_TOO_LARGE);
  });
});

for (const draft of [14, 16] as const) {
  const v = VERSIONS[draft];

  describe(`data streams between sessions, draft-${draft}`, () => {
    it("Objects written in arbitrary chunks arrive intact", async () => {
      const { client, server, clientTransport } = await sessionPair({ protocol: protocolOf(v) });
      await fc.assert(
        fc.asyncProperty(
          arbitraries[draft].subgroupStream,
          cuts,
          async ({ header, objects }, at) => {
            const arrived = nextStream(server, "subgroupStream");
            const send = await clientTransport.createUnidirectionalStream();
            await writeChunks(send, split(subgroupBytes(header, objects, v), at));
            const stream = await arrived;
            expect(stream.header).toEqual(header);
            expect(await collect(stream)).toEqual(objects);
          },
        ),
        { numRuns: 60 },
      );
      expect(server.isClosed).toBe(false);
      client.close();
    });

    it("SubgroupWriter sends a header, Objects and a FIN", async () => {
      const { client, server } = await sessionPair({ protocol: protocolOf(v) });
      const header: SubgroupHeader = {
        kind: "subgroup",
        trackAlias: 3,
        groupId: 10,
        subgroupIdMode: 1,
        publisherPriority: 7,
        hasExtensions: true,
        endOfGroup: true,
      };
      const objects: SubgroupObject[] = [
        { objectId: 4, status: ObjectStatus.NORMAL, payload: new Uint8Array([1, 2]) },
        {
          objectId: 5,
          status: ObjectStatus.NORMAL,
          payload: new Uint8Array(3000).fill(9),
          extensions: [{ type: 0x3c, value: 2 }],
        },
        { objectId: 9, status: ObjectStatus.END_OF_GROUP, payload: new Uint8Array(0) },
      ];
      const arrived = nextStream(server, "subgroupStream");
      const writer = await client.openSubgroup(header, { sendOrder: 42 });
      expect(writer.sendOrder).toBe(42);
      writer.sendOrder = 43;
      expect(writer.sendOrder).toBe(43);
      for (const o of objects) await writer.write(o);
      await writer.close();
      await writer.closed;
      const stream = await arrived;
      expect(await collect(stream)).toEqual(objects);
      expect(stream.subgroupId).toBe(4);
      client.close();
    });

    it("FetchStreamWriter sends the response to a FETCH", async () => {
      const { client, server } = await sessionPair({ protocol: protocolOf(v) });
      const items: FetchItem[] = [
        {
          kind: "object",
          groupId: 1,
          subgroupId: 0,
          objectId: 0,
          publisherPriority: 3,
          status: ObjectStatus.NORMAL,
          payload: new Uint8Array([1]),
        },
        {
          kind: "object",
          groupId: 1,
          subgroupId: 0,
          objectId: 1,
          publisherPriority: 3,
          status: ObjectStatus.NORMAL,
          payload: new Uint8Array([2]),
        },
      ];
      const arrived = nextStream(client, "fetchStream");
      const writer = await server.openFetchStream(6);
      for (const item of items) await writer.write(item);
      await writer.close();
      const stream = await arrived;
      expect(stream.header).toEqual({ kind: "fetch", requestId: 6 });
      expect(await collect(stream)).toEqual(items);
      client.close();
    });

    it("listeners given in the options see streams sent right after SETUP", async () => {
      let resolveStream: (s: IncomingSubgroupStream) => void = () => undefined;
      const arrived = new Promise<IncomingSubgroupStream>((r) => {
        resolveStream = r;
      });
      const { client, server } = await sessionPair({
        protocol: protocolOf(v),
        client: { on: { subgroupStream: (s) => resolveStream(s) } },
      });
      const header: SubgroupHeader = {
        kind: "subgroup",
        trackAlias: 2,
        groupId: 0,
        subgroupIdMode: 0,
        publisherPriority: 0,
        hasExtensions: false,
        endOfGroup: false,
      };
      const writer = await server.openSubgroup(header);
      await writer.close();
      expect((await arrived).header).toEqual(header);
      client.close();
    });

    it("a reset reaches the reader with its code; the session stays up", async () => {
      const { client, server } = await sessionPair({ protocol: protocolOf(v) });
      const header: SubgroupHeader = {
        kind: "subgroup",
        trackAlias: 1,
        groupId: 0,
        subgroupIdMode: 0,
        publisherPriority: 0,
        hasExtensions: false,
        endOfGroup: false,
      };
      const arrived = nextStream(server, "subgroupStream");
      const writer = await client.openSubgroup(header);
      await writer.write({
        objectId: 0,
        status: ObjectStatus.NORMAL,
        payload: new Uint8Array([1]),
      });
      const stream = await arrived;
      expect(await stream.read()).toMatchObject({ objectId: 0 });
      await writer.reset(StreamResetCode.DELIVERY_TIMEOUT);
      const e = await stream.read().catch((x: unknown) => x);
      expect(e).toMatchObject({
        code: MoqtErrorCode.STREAM_RESET,
        streamErrorCode: StreamResetCode.DELIVERY_TIMEOUT,
      });
      expect(server.isClosed).toBe(false);
      client.close();
    });

    it("a stream nobody listens for is stopped (STOP_SENDING reaches the writer)", async () => {
      const { client } = await sessionPair({ protocol: protocolOf(v) });
      const header: SubgroupHeader = {
        kind: "subgroup",
        trackAlias: 1,
        groupId: 0,
        subgroupIdMode: 0,
        publisherPriority: 0,
        hasExtensions: false,
        endOfGroup: false,
      };
      const writer = await client.openSubgroup(header);
      const e = await writer.closed.catch((x: unknown) => x);
      expect(e).toMatchObject({ streamErrorCode: StreamResetCode.CANCELLED });
      client.close();
    });

    it("leaving the loop early stops the stream", async () => {
      const { client, server } = await sessionPair({ protocol: protocolOf(v) });
      const header: SubgroupHeader = {
        kind: "subgroup",
        trackAlias: 1,
        groupId: 0,
        subgroupIdMode: 0,
        publisherPriority: 0,
        hasExtensions: false,
        endOfGroup: false,
      };
      const arrived = nextStream(server, "subgroupStream");
      const writer = await client.openSubgroup(header);
      await writer.write({
        objectId: 0,
        status: ObjectStatus.NORMAL,
        payload: new Uint8Array([1]),
      });
      for await (const _ of await arrived) break;
      expect(await writer.closed.catch((x: unknown) => x)).toMatchObject({
        streamErrorCode: StreamResetCode.CANCELLED,
      });
      client.close();
    });

    it("a FIN inside an Object closes the session with PROTOCOL_VIOLATION", async () => {
      const { client, server, clientTransport } = await sessionPair({ protocol: protocolOf(v) });
      const header: SubgroupHeader = {
        kind: "subgroup",
        trackAlias: 1,
        groupId: 0,
        subgroupIdMode: 0,
        publisherPriority: 0,
        hasExtensions: false,
        endOfGroup: false,
      };
      const bytes = subgroupBytes(
        header,
        [{ objectId: 0, status: ObjectStatus.NORMAL, payload: new Uint8Array(10) }],
        v,
      );
      const arrived = nextStream(server, "subgroupStream");
      await writeChunks(await clientTransport.createUnidirectionalStream(), [
        bytes.subarray(0, bytes.length - 1),
      ]);
      const e = await collect(await arrived).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(MoqtSessionError);
      expect(await server.closed).toMatchObject({ code: SessionErrorCode.PROTOCOL_VIOLATION });
      expect(await client.closed).toMatchObject({
        code: SessionErrorCode.PROTOCOL_VIOLATION,
        remote: true,
      });
    });

    it("an unknown stream type closes the session", async () => {
      const { client, server, clientTransport } = await sessionPair({ protocol: protocolOf(v) });
      const w = (await clientTransport.createUnidirectionalStream()).getWriter();
      await w.write(new Uint8Array([0x02, 0x00]));
      expect(await server.closed).toMatchObject({ code: SessionErrorCode.PROTOCOL_VIOLATION });
      expect(await client.closed).toMatchObject({ code: SessionErrorCode.PROTOCOL_VIOLATION });
      await w.abort(streamError(0)).catch(() => undefined);
    });
  });
}
