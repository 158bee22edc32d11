import { describe, expect, it } from "vitest";
import { createTransportPair } from "../../transport/memory.ts";
import { SessionErrorCode } from "../wire/error-codes.ts";
import { Version } from "../wire/version.ts";
import { ControlChannel } from "./control-channel.ts";
import { MoqtErrorCode, MoqtRequestError } from "./errors.ts";
import type { NamespaceAnnouncer } from "./namespace-announcer.ts";
import { RequestErrorName } from "./request-error-codes.ts";
import { MoqtSession } from "./session.ts";
import { sessionPair } from "./testing/session-pair.ts";

const enc = new TextEncoder();
const prefix = [enc.encode("room")];
const ns = (s: string) => [...prefix, enc.encode(s)];

describe("draft-16 SUBSCRIBE_NAMESPACE streams", () => {
  it("carry NAMESPACE / NAMESPACE_DONE after REQUEST_OK, and end when the subscriber closes", async () => {
    let announcer: NamespaceAnnouncer | undefined;
    const { client } = await sessionPair({
      server: {
        handler: {
          subscribeNamespace: (_req, _s, a) => {
            announcer = a;
            a?.announce(ns("a"));
            return undefined;
          },
        },
      },
    });
    const sub = await client.subscribeNamespace({ trackNamespacePrefix: prefix });
    expect(await sub.next()).toEqual({ kind: "namespace", trackNamespace: ns("a") });
    announcer?.announce(ns("b"));
    announcer?.withdraw(ns("a"));
    expect(await sub.next()).toEqual({ kind: "namespace", trackNamespace: ns("b") });
    expect(await sub.next()).toEqual({ kind: "namespaceDone", trackNamespace: ns("a") });
    expect(() => announcer?.withdraw(ns("zzz"))).toThrow(/not announced/);
    expect(() => announcer?.announce([enc.encode("elsewhere")])).toThrow(/outside the prefix/);
    sub.close();
    await announcer?.cancelled;
    expect(client.isClosed).toBe(false);
    client.close();
  });

  it("an error answer rejects the request and ends the stream", async () => {
    const { client } = await sessionPair({
      server: {
        handler: {
          subscribeNamespace: () => {
            throw MoqtRequestError.reject(RequestErrorName.PREFIX_OVERLAP, "overlap");
          },
        },
      },
    });
    const e = await client
      .subscribeNamespace({ trackNamespacePrefix: prefix })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: MoqtErrorCode.REQUEST_REJECTED,
      errorCode: 0x30,
      errorName: RequestErrorName.PREFIX_OVERLAP,
      reason: "overlap",
    });
    expect(client.isClosed).toBe(false);
    client.close();
  });

  it("NAMESPACE_DONE before its NAMESPACE closes the session", async () => {
    const [c2, s2] = createTransportPair({ protocol: "moqt-16" });
    const accepted = acceptRaw(s2);
    const session = await MoqtSession.connect(c2);
    const pending = session.subscribeNamespace({ trackNamespacePrefix: prefix });
    const channel = await (await accepted).nextStream();
    expect(await channel.read()).toMatchObject({ kind: "subscribeNamespace", requestId: 0 });
    channel.send({ kind: "requestOk", requestId: 0, parameters: {} });
    const sub = await pending;
    channel.send({ kind: "namespaceDone", trackNamespaceSuffix: [enc.encode("x")] });
    await expect(sub.next()).rejects.toMatchObject({
      termination: SessionErrorCode.PROTOCOL_VIOLATION,
    });
    expect(await session.closed).toMatchObject({ code: SessionErrorCode.PROTOCOL_VIOLATION });
  });
});

/** A hand-driven draft-16 server: answers SETUP, then hands out the client's other streams. */
async function acceptRaw(transport: ReturnType<typeof createTransportPair>[1]) {
  const streams = transport.incomingBidirectionalStreams.getReader();
  const first = await streams.read();
  if (first.done) throw new Error("no control stream");
  const control = new ControlChannel(first.value, Version.DRAFT_16);
  await control.read();
  control.send({ kind: "serverSetup", parameters: { maxRequestId: 100 } });
  return {
    control,
    async nextStream(): Promise<ControlChannel> {
      const next = await streams.read();
      if (next.done) throw new Error("no stream");
      return new ControlChannel(next.value, Version.DRAFT_16);
    },
  };
}
