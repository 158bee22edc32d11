// The server side of QMux over WebSocket on Deno: upgrade an HTTP request and
// run the relay's own QMux session (qmux-session.ts) over the socket.
import { protocolsFor } from "../../../src/moqt/session/negotiation.ts";
import {
  applicationProtocolOf,
  BARE_SUBPROTOCOLS,
  parseSubprotocolHeader,
  QMUX_VERSIONS,
  type QmuxVersion,
  qmuxVersionOf,
} from "../../../src/transport/qmux-subprotocols.ts";
import type { MoqTransport } from "../../../src/transport/types.ts";
import type { TransportParameters } from "./qmux-params.ts";
import { QmuxSession } from "./qmux-session.ts";

/** Options of `acceptQmux`. */
export interface QmuxAcceptOptions {
  /** Application protocols, preferred first; default `protocolsFor()` (moqt-16, then moq-00). */
  readonly protocols?: readonly string[];
  /** QMux drafts, preferred first; default every draft the SDK's client speaks, newest first. */
  readonly qmuxVersions?: readonly QmuxVersion[];
  /**
   * Refuse clients that offer only bare tokens ("qmux-02", "webtransport"); by
   * default they are accepted and MoQT picks its version in SETUP (draft-14).
   */
  readonly requireProtocol?: boolean;
  /** Our QMux transport parameters (flow-control limits); default `RELAY_PARAMETERS`. */
  readonly parameters?: TransportParameters;
  /** Seconds without a pong before Deno drops the socket; Deno's default when absent. */
  readonly idleTimeoutSeconds?: number;
}

/** The outcome of `acceptQmux`: an upgrade and its transport, or a refusal. */
export type QmuxUpgrade =
  | {
      /** The 101 response to return from the `Deno.serve` handler. */
      readonly response: Response;
      /** Resolves once the WebSocket is open; rejects (TransportError) if it never opens. */
      readonly transport: Promise<MoqTransport>;
      /** The accepted Sec-WebSocket-Protocol token, e.g. "qmux-02.moqt-16". */
      readonly subprotocol: string;
    }
  | { readonly response: Response; readonly transport: null; readonly subprotocol: null };

/** True for a GET asking to upgrade to WebSocket (RFC 6455 §4.1). */
export function isWebSocketUpgrade(req: Request): boolean {
  const upgrade = req.headers.get("upgrade") ?? "";
  return (
    req.method === "GET" && upgrade.split(",").some((t) => t.trim().toLowerCase() === "websocket")
  );
}

function refuse(status: number, message: string, headers: HeadersInit = {}): QmuxUpgrade {
  return {
    response: new Response(`${message}\n`, {
      status,
      headers: { "content-type": "text/plain; charset=utf-8", ...headers },
    }),
    transport: null,
    subprotocol: null,
  };
}

/**
 * The token to accept from `offered`: our preference wins — the first
 * application protocol, on the newest QMux draft, that the client offered;
 * then a bare token unless `requireProtocol`. Undefined when none matches.
 */
export function chooseSubprotocol(
  offered: readonly string[],
  o: Pick<QmuxAcceptOptions, "protocols" | "qmuxVersions" | "requireProtocol"> = {},
): string | undefined {
  const versions = o.qmuxVersions ?? QMUX_VERSIONS;
  const ours = (o.protocols ?? protocolsFor()).flatMap((p) => versions.map((v) => `${v}.${p}`));
  if (!(o.requireProtocol ?? false)) {
    ours.push(
      ...BARE_SUBPROTOCOLS.filter(
        (t) => t === "webtransport" || versions.includes(t as QmuxVersion),
      ),
    );
  }
  const theirs = new Set(offered);
  return ours.find((t) => theirs.has(t));
}

/**
 * Accepts QMux over WebSocket on `req`. Deno's `upgradeWebSocket` splits the
 * offered list only on ", " while Node's `ws` sends "a,b", so the header is
 * parsed here, the token chosen by `chooseSubprotocol`, the upgrade done
 * without `protocol`, and the response header set by hand; the token selects
 * the session's wire format and application protocol (qmux-02 §"Protocol
 * Negotiation": one identifier names application and QMux version). Refuses
 * with 426 without an upgrade, 400 without a common subprotocol.
 */
export function acceptQmux(req: Request, options: QmuxAcceptOptions = {}): QmuxUpgrade {
  if (!isWebSocketUpgrade(req)) {
    return refuse(426, "expected a WebSocket upgrade", { upgrade: "websocket" });
  }
  const offered = parseSubprotocolHeader(req.headers.get("sec-websocket-protocol"));
  const subprotocol = chooseSubprotocol(offered, options);
  if (subprotocol === undefined) {
    const ours = (options.protocols ?? protocolsFor()).join(", ");
    return refuse(400, `no supported subprotocol: offer "qmux-02.<protocol>" for one of ${ours}`);
  }
  let upgraded: { socket: WebSocket; response: Response };
  try {
    upgraded = Deno.upgradeWebSocket(
      req,
      options.idleTimeoutSeconds === undefined ? {} : { idleTimeout: options.idleTimeoutSeconds },
    );
  } catch (e) {
    return refuse(400, e instanceof Error ? e.message : String(e));
  }
  upgraded.response.headers.set("sec-websocket-protocol", subprotocol);
  const session = new QmuxSession(upgraded.socket, {
    version: qmuxVersionOf(subprotocol) ?? "webtransport",
    protocol: applicationProtocolOf(subprotocol),
    ...(options.parameters !== undefined && { parameters: options.parameters }),
  });
  const transport = session.ready.then((): MoqTransport => session);
  // A caller that only returns the response must not see an unhandled rejection.
  transport.catch(() => undefined);
  return { response: upgraded.response, transport, subprotocol };
}
