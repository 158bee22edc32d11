import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraries as sessionArbitraries } from "../wire/control/session/arbitrary.ts";
import { arbitraries as subscribeArbitraries } from "../wire/control/subscribe/arbitrary.ts";
import { type ControlMessage, encodeControl } from "../wire/control.ts";
import { SessionErrorCode } from "../wire/error-codes.ts";
import { Version } from "../wire/version.ts";
import { ChunkBuffer, ChunkBufferOverflow } from "./chunk-buffer.ts";
import { ControlReader } from "./control-reader.ts";
import { MoqtSessionError } from "./errors.ts";
import { concat, cuts, split } from "./testing/chunks.ts";

const VERSIONS = { 14: Version.DRAFT_14, 16: Version.DRAFT_16 } as const;

describe("ControlReader", () => {
  for (const draft of [14, 16] as const) {
    it(`decodes draft-${draft} messages split at any chunk boundaries`, () => {
      const message = fc.oneof(...sessionArbitraries[draft], ...subscribeArbitraries[draft]);
      fc.assert(
        fc.property(fc.array(message, { maxLength: 6 }), cuts, (msgs, at) => {
          const version = VERSIONS[draft];
          const bytes = concat(msgs.map((m) => encodeControl(m as ControlMessage, version)));
          const reader = new ControlReader(version);
          const out = split(bytes, at).flatMap((chunk) => reader.push(chunk));
          expect(out).toEqual(msgs);
          expect(reader.partial).toBe(false);
        }),
        { numRuns: 200 },
      );
    });
  }

  it("keeps a partial message until the rest arrives", () => {
    const reader = new ControlReader(Version.DRAFT_16);
    const bytes = encodeControl({ kind: "maxRequestId", maxRequestId: 300 }, Version.DRAFT_16);
    expect(reader.push(bytes.subarray(0, 3))).toEqual([]);
    expect(reader.partial).toBe(true);
    expect(reader.push(bytes.subarray(3))).toEqual([{ kind: "maxRequestId", maxRequestId: 300 }]);
  });

  it("throws the termination code of malformed bytes", () => {
    const reader = new ControlReader(Version.DRAFT_16);
    let error: unknown;
    try {
      reader.push(new Uint8Array([0x3f, 0x00, 0x00]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MoqtSessionError);
    expect((error as MoqtSessionError).termination).toBe(SessionErrorCode.PROTOCOL_VIOLATION);
  });
});

describe("ChunkBuffer", () => {
  it("adopts a chunk without copying when nothing is pending", () => {
    const b = new ChunkBuffer(16);
    const chunk = new Uint8Array([1, 2, 3]);
    b.push(chunk);
    expect(b.bytes).toBe(chunk);
    b.consume(3);
    expect(b.length).toBe(0);
  });

  it("appends into spare room without moving bytes already handed out", () => {
    const b = new ChunkBuffer(1 << 20);
    b.push(new Uint8Array([1, 2]));
    b.push(new Uint8Array([3]));
    const storage = b.bytes;
    const view = storage.subarray(b.start, b.start + 1);
    b.consume(1);
    b.push(new Uint8Array([4]));
    expect(b.bytes).toBe(storage);
    expect(Array.from(view)).toEqual([1]);
    expect(Array.from(b.view())).toEqual([2, 3, 4]);
  });

  it("refuses to grow past its limit of pending bytes", () => {
    const b = new ChunkBuffer(4);
    b.push(new Uint8Array(5));
    expect(() => b.push(new Uint8Array(1))).toThrow(ChunkBufferOverflow);
  });
});
