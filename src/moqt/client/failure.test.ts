import { describe, expect, it } from "vitest";
import { ConnectError, ConnectFailure } from "../../transport/connect-errors.ts";
import { TransportError, TransportErrorCode } from "../../transport/errors.ts";
import { MoqtSessionError } from "../session/errors.ts";
import { SessionErrorCode } from "../wire/error-codes.ts";
import { MoqtClientErrorCode as C } from "./errors.ts";
import { connectFailure, sessionEnd } from "./failure.ts";

describe("failure classification", () => {
  it("transport failures: retryable unless no retry can help", () => {
    const of = (f: ConnectFailure) => connectFailure(new ConnectError(f, f), false);
    expect(of(ConnectFailure.REFUSED)).toMatchObject({ code: C.CONNECT_FAILED, fatal: false });
    expect(of(ConnectFailure.TIMEOUT)).toMatchObject({ code: C.CONNECT_FAILED, fatal: false });
    expect(of(ConnectFailure.NETWORK)).toMatchObject({ code: C.CONNECT_FAILED, fatal: false });
    expect(of(ConnectFailure.ABORTED)).toMatchObject({ code: C.CONNECT_FAILED, fatal: false });
    expect(of(ConnectFailure.INVALID_URL)).toMatchObject({ code: C.MALFORMED_URL, fatal: true });
    expect(of(ConnectFailure.UNSUPPORTED)).toMatchObject({
      code: C.TRANSPORT_UNSUPPORTED,
      fatal: true,
    });
    expect(of(ConnectFailure.REJECTED)).toMatchObject({ code: C.CONNECT_REJECTED, fatal: true });
    const none = new TransportError(TransportErrorCode.UNSUPPORTED, "no WebTransport");
    expect(connectFailure(none, false)).toMatchObject({
      code: C.TRANSPORT_UNSUPPORTED,
      fatal: true,
    });
    expect(connectFailure(new Error("boom"), false)).toMatchObject({ fatal: false });
  });

  it("session refusals: auth and version are fatal; an expired token is retried when refreshable", () => {
    const refused = (code: number, refreshable = false) =>
      connectFailure(new MoqtSessionError(code, "no"), refreshable);
    expect(refused(SessionErrorCode.UNAUTHORIZED)).toMatchObject({
      code: C.AUTH_REFUSED,
      fatal: true,
    });
    expect(refused(SessionErrorCode.MALFORMED_AUTH_TOKEN).code).toBe(C.AUTH_REFUSED);
    expect(refused(SessionErrorCode.EXPIRED_AUTH_TOKEN).fatal).toBe(true);
    expect(refused(SessionErrorCode.EXPIRED_AUTH_TOKEN, true)).toMatchObject({
      code: C.CONNECT_FAILED,
      fatal: false,
    });
    expect(refused(SessionErrorCode.VERSION_NEGOTIATION_FAILED)).toMatchObject({
      code: C.VERSION_MISMATCH,
      fatal: true,
    });
    expect(refused(SessionErrorCode.INVALID_PATH).code).toBe(C.MALFORMED_URL);
    expect(refused(SessionErrorCode.INTERNAL_ERROR).fatal).toBe(false);
  });

  it("an established session's end is a loss unless the relay revoked the session", () => {
    expect(sessionEnd({ code: 0, reason: "shutdown", remote: true }, false)).toMatchObject({
      code: C.CONNECTION_LOST,
      fatal: false,
    });
    expect(
      sessionEnd({ code: SessionErrorCode.EXPIRED_AUTH_TOKEN, reason: "", remote: true }, false),
    ).toMatchObject({ code: C.AUTH_REFUSED, fatal: true });
  });
});
