import { describe, expect, it } from "vitest";
import { SessionErrorCode } from "../wire/error-codes.ts";
import { GroupOrder } from "../wire/fields.ts";
import { Version } from "../wire/version.ts";
import { MoqtErrorCode, MoqtRequestError } from "./errors.ts";
import type { MoqtRequestHandler } from "./handler.ts";
import { RequestErrorName } from "./request-error-codes.ts";
import { protocolOf, rawClient, sessionPair } from "./testing/session-pair.ts";

const enc = new TextEncoder();
const ns = [enc.encode("robot"), enc.encode("r1")];
const name = enc.encode("odom");
const DRAFTS = [Version.DRAFT_14, Version.DRAFT_16] as const;

function pair(version: Version, handler?: MoqtRequestHandler) {
  return sessionPair({
    protocol: protocolOf(version),
    ...(handler !== undefined && { server: { handler } }),
  });
}

async function rejection(p: Promise<unknown>): Promise<MoqtRequestError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof MoqtRequestError) return e;
    throw e;
  }
  throw new Error("expected a MoqtRequestError");
}

for (const version of DRAFTS) {
  const draft = version === Version.DRAFT_14 ? 14 : 16;

  describe(`requests in draft-${draft}`, () => {
    it("SUBSCRIBE → SUBSCRIBE_OK resolves with the answer and records the alias", async () => {
      const { client, server } = await pair(version, {
        subscribe: (req) => {
          expect(req.trackName).toEqual(name);
          return { trackAlias: 9, largestLocation: { group: 3, object: 1 } };
        },
      });
      const ok = await client.subscribe({ trackNamespace: ns, trackName: name });
      expect(ok).toMatchObject({ kind: "subscribeOk", requestId: 0, trackAlias: 9 });
      expect(ok.largestLocation).toEqual({ group: 3, object: 1 });
      if (draft === 14) expect(ok.groupOrder).toBe(GroupOrder.ASCENDING);
      expect(client.trackForAlias(9)).toMatchObject({ requestId: 0, trackName: name });
      client.unsubscribe(0);
      expect(client.trackForAlias(9)).toBeUndefined();
      client.close();
      await server.closed;
    });

    it("SUBSCRIBE → error rejects with the wire code and its neutral name", async () => {
      const { client } = await pair(version, {
        subscribe: () => {
          throw MoqtRequestError.reject(RequestErrorName.DOES_NOT_EXIST, "no such track", 500);
        },
      });
      const e = await rejection(client.subscribe({ trackNamespace: ns, trackName: name }));
      expect(e.code).toBe(MoqtErrorCode.REQUEST_REJECTED);
      expect(e.fatal).toBe(false);
      // draft-14 SUBSCRIBE_ERROR TRACK_DOES_NOT_EXIST is 0x4; draft-16 REQUEST_ERROR DOES_NOT_EXIST 0x10.
      expect(e.errorCode).toBe(draft === 14 ? 0x4 : 0x10);
      expect(e.errorName).toBe(RequestErrorName.DOES_NOT_EXIST);
      expect(e.reason).toBe("no such track");
      expect(e.requestId).toBe(0);
      // Only draft-16 REQUEST_ERROR carries a Retry Interval.
      expect(e.retryIntervalMs).toBe(draft === 14 ? undefined : 500);
      expect(client.isClosed).toBe(false);
      client.close();
    });

    it("answers NOT_SUPPORTED without a handler and INTERNAL_ERROR when it throws", async () => {
      const { client } = await pair(version, {
        fetch: () => {
          throw new Error("boom");
        },
      });
      const notSupported = await rejection(
        client.trackStatus({ trackNamespace: ns, trackName: name }),
      );
      expect(notSupported.errorName).toBe(RequestErrorName.NOT_SUPPORTED);
      const internal = await rejection(
        client.fetch({
          target: { type: "relativeJoining", joiningRequestId: 0, joiningStart: 0 },
        }),
      );
      expect(internal.errorName).toBe(RequestErrorName.INTERNAL_ERROR);
      expect(internal.reason).toBe("boom");
      client.close();
    });

    it("FETCH, PUBLISH and TRACK_STATUS resolve with their answers", async () => {
      const { client } = await pair(version, {
        fetch: () => ({ endOfTrack: true, endLocation: { group: 2, object: 0 } }),
        publish: (req) => ({
          forward: false,
          subscriberPriority: 5,
          groupOrder: req.groupOrder ?? GroupOrder.ASCENDING,
        }),
        trackStatus: () => ({ largestLocation: { group: 7, object: 2 } }),
      });
      const fetched = await client.fetch({
        target: {
          type: "standalone",
          trackNamespace: ns,
          trackName: name,
          start: { group: 0, object: 0 },
          end: { group: 2, object: 0 },
        },
      });
      expect(fetched).toMatchObject({ kind: "fetchOk", endOfTrack: true });
      const published = await client.publish({
        trackNamespace: ns,
        trackName: name,
        trackAlias: 4,
      });
      expect(published).toMatchObject({ kind: "publishOk", forward: false, subscriberPriority: 5 });
      const status = await client.trackStatus({ trackNamespace: ns, trackName: name });
      expect(status.largestLocation).toEqual({ group: 7, object: 2 });
      // Request IDs 0, 2, 4: one per request, client side even.
      expect([fetched.requestId, published.requestId, status.requestId]).toEqual([0, 2, 4]);
      client.close();
    });

    it("PUBLISH_NAMESPACE, its DONE and CANCEL are matched by Request ID", async () => {
      const { client, server } = await pair(version, { publishNamespace: () => undefined });
      const ok = await client.publishNamespace({ trackNamespace: ns });
      const done = new Promise((resolve) => server.on("publishNamespaceDone", resolve));
      client.publishNamespaceDone(ok.requestId);
      expect(await done).toEqual({ requestId: ok.requestId, trackNamespace: ns });

      const again = await client.publishNamespace({ trackNamespace: ns });
      const cancelled = new Promise((resolve) => client.on("publishNamespaceCancel", resolve));
      server.publishNamespaceCancel(again.requestId, 0x1, "expired");
      expect(await cancelled).toEqual({
        requestId: again.requestId,
        trackNamespace: ns,
        errorCode: 0x1,
        reason: "expired",
      });
      client.close();
    });

    it("REQUEST_UPDATE resolves (draft-14 SUBSCRIBE_UPDATE once sent)", async () => {
      const updates: number[] = [];
      const { client } = await pair(version, {
        subscribe: () => ({ trackAlias: 1 }),
        requestUpdate: (req) => {
          updates.push(req.existingRequestId);
          return { largestLocation: { group: 1, object: 0 } };
        },
      });
      const sub = await client.subscribe({ trackNamespace: ns, trackName: name });
      const updated = await client.requestUpdate({
        existingRequestId: sub.requestId,
        filter: { type: "absoluteStart", start: { group: 1, object: 0 } },
        subscriberPriority: 1,
        forward: true,
      });
      expect(updated.requestId).toBe(2);
      if (draft === 16) expect(updated.largestLocation).toEqual({ group: 1, object: 0 });
      await expect.poll(() => updates).toEqual([0]);
      client.close();
    });

    it("a request withdrawn after it was sent ends it and ignores the late answer", async () => {
      let answer: ((v: { trackAlias: number }) => void) | undefined;
      const { client, server } = await pair(version, {
        subscribe: () => new Promise((resolve) => (answer = resolve)),
      });
      const unsubscribed = new Promise((resolve) => server.on("unsubscribe", resolve));
      const abort = new AbortController();
      const sub = client.subscribe(
        { trackNamespace: ns, trackName: name },
        { signal: abort.signal },
      );
      await expect.poll(() => answer).toBeTypeOf("function");
      abort.abort();
      expect(await rejection(sub)).toMatchObject({ code: MoqtErrorCode.REQUEST_ABORTED });
      expect(await unsubscribed).toEqual({ requestId: 0 });
      answer?.({ trackAlias: 1 });
      // The late SUBSCRIBE_OK is absorbed: the session stays up and keeps working.
      const next = client.trackStatus({ trackNamespace: ns, trackName: name });
      expect(await rejection(next)).toMatchObject({ errorName: RequestErrorName.NOT_SUPPORTED });
      expect(client.isClosed).toBe(false);
      client.close();
    });

    it("SUBSCRIBE_NAMESPACE is accepted and withdrawn", async () => {
      const { client, server } = await pair(version, {
        subscribeNamespace: (req, _s, announcer) => {
          announcer?.announce([...req.trackNamespacePrefix, enc.encode("r2")]);
          return undefined;
        },
      });
      const sub = await client.subscribeNamespace({ trackNamespacePrefix: [enc.encode("robot")] });
      expect(sub.requestId).toBe(0);
      if (draft === 16) {
        expect(await sub.next()).toEqual({
          kind: "namespace",
          trackNamespace: [enc.encode("robot"), enc.encode("r2")],
        });
        sub.close();
        expect(await sub.next()).toBeUndefined();
      } else {
        const withdrawn = new Promise((resolve) => server.on("unsubscribeNamespace", resolve));
        sub.close();
        expect(await withdrawn).toEqual({ trackNamespacePrefix: [enc.encode("robot")] });
      }
      expect(client.isClosed).toBe(false);
      client.close();
    });

    it("pending requests fail with SESSION_CLOSED when the session closes", async () => {
      const { client, server } = await pair(version, {
        subscribe: () => new Promise(() => undefined),
      });
      const sub = client.subscribe({ trackNamespace: ns, trackName: name });
      server.close(SessionErrorCode.GOAWAY_TIMEOUT, "too slow");
      const e = await rejection(sub);
      expect(e).toMatchObject({
        code: MoqtErrorCode.SESSION_CLOSED,
        errorCode: SessionErrorCode.GOAWAY_TIMEOUT,
        fatal: true,
      });
      expect(await client.closed).toEqual({
        code: SessionErrorCode.GOAWAY_TIMEOUT,
        reason: "too slow",
        remote: true,
      });
      expect(await server.closed).toMatchObject({ remote: false });
    });
  });
}

describe("track aliases", () => {
  it("closes with DUPLICATE_TRACK_ALIAS when a PUBLISH reuses an alias for another track", async () => {
    const raw = await rawClient(Version.DRAFT_16, { handler: { publish: () => ({}) } });
    raw.channel.send({
      kind: "publish",
      requestId: 0,
      trackNamespace: ns,
      trackName: name,
      trackAlias: 5,
      forward: true,
      parameters: {},
    });
    expect(await raw.channel.read()).toMatchObject({ kind: "publishOk", requestId: 0 });
    raw.channel.send({
      kind: "publish",
      requestId: 2,
      trackNamespace: ns,
      trackName: enc.encode("other"),
      trackAlias: 5,
      forward: true,
      parameters: {},
    });
    expect(await raw.server.closed).toMatchObject({ code: SessionErrorCode.DUPLICATE_TRACK_ALIAS });
    expect(await raw.transport.closed).toMatchObject({
      closeCode: SessionErrorCode.DUPLICATE_TRACK_ALIAS,
    });
  });
});
