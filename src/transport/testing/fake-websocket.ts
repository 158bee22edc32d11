// An in-process WebSocket pair for tests: a client class to inject as
// `webSocket`, and a server hook that sees the offered subprotocols as one
// header (joined with "," like Node's `ws`) and accepts or refuses.
import type { WebSocketInstance } from "../qmux.ts";

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

type Handler<E> = ((ev: E) => void) | null;

/** One end of a fake WebSocket connection. */
export class FakeSocket implements WebSocketInstance {
  binaryType = "blob";
  readonly bufferedAmount = 0;
  readonly extensions = "";
  readyState = CONNECTING;
  protocol = "";
  onopen: Handler<unknown> = null;
  onmessage: Handler<{ data: unknown }> = null;
  onerror: Handler<unknown> = null;
  onclose: Handler<{ code?: number; reason?: string }> = null;
  peer: FakeSocket | undefined;
  /** Bytes sent, for tests that count. */
  sentBytes = 0;
  private readonly listeners: ((ev: { message: string }) => void)[] = [];
  private readonly pending: ArrayBuffer[] = [];

  constructor(readonly url = "") {}

  addEventListener(type: string, fn: (ev: { message: string }) => void): void {
    if (type === "error") this.listeners.push(fn);
  }

  send(data: ArrayBufferView | ArrayBuffer): void {
    if (this.readyState !== OPEN) throw new Error("not open");
    const view = ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);
    const copy = view.slice().buffer;
    this.sentBytes += copy.byteLength;
    const peer = this.peer;
    setTimeout(() => peer?.deliver(copy), 0);
  }

  /** A message from the peer; held until this end has opened. */
  deliver(data: ArrayBuffer): void {
    if (this.readyState === CONNECTING) this.pending.push(data);
    else if (this.readyState === OPEN) this.onmessage?.({ data });
  }

  close(code = 1005, reason = ""): void {
    if (this.readyState === CLOSED) return;
    const peer = this.peer;
    this.finish(code, reason);
    if (peer !== undefined) setTimeout(() => peer.finish(code, reason), 0);
  }

  /** The connection failed before opening, with `message` in the error event. */
  fail(message: string): void {
    setTimeout(() => {
      for (const l of this.listeners) l({ message });
      this.onerror?.({ message });
      this.finish(1006, "");
    }, 0);
  }

  /** The TCP connection dropped: both ends close abnormally, no close frame. */
  drop(): void {
    const peer = this.peer;
    this.finish(1006, "");
    if (peer !== undefined) setTimeout(() => peer.finish(1006, ""), 0);
  }

  open(protocol: string): void {
    this.protocol = protocol;
    this.readyState = OPEN;
    this.onopen?.({});
    for (const data of this.pending.splice(0)) this.onmessage?.({ data });
  }

  private finish(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.onclose?.({ code, reason });
  }
}

/** What the server hook decides: accept with a subprotocol, refuse, or never answer. */
export type FakeAnswer =
  | { readonly accept: string }
  | { readonly refuse: string }
  | { readonly hang: true };

/**
 * A WebSocket class bound to `serve`: each `new` hands the server the URL and the
 * offered header; on accept the server gets its open socket.
 */
export function fakeWebSocketClass(
  serve: (url: string, header: string) => FakeAnswer,
  onAccepted: (socket: FakeSocket, protocol: string) => void,
  made: FakeSocket[] = [],
) {
  return class ClientSocket extends FakeSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url);
      made.push(this);
      const header = Array.isArray(protocols) ? protocols.join(",") : (protocols ?? "");
      const answer = serve(url, header);
      if ("hang" in answer) return;
      if ("refuse" in answer) {
        this.fail(answer.refuse);
        return;
      }
      const server = new FakeSocket(url);
      server.peer = this;
      this.peer = server;
      server.readyState = OPEN;
      server.protocol = answer.accept;
      onAccepted(server, answer.accept);
      setTimeout(() => this.open(answer.accept), 0);
    }
  };
}
