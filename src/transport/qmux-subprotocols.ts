// QMux over WebSocket names the application protocol and the QMux draft in one
// Sec-WebSocket-Protocol token, "{qmux-VV}.{alpn}" (e.g. "qmux-02.moqt-16"), the
// way qmux-02 §"Protocol Negotiation" has one ALPN identifier name both. This is
// the naming `@moq/qmux` (and moq-relay) use; bare "qmux-VV" / "webtransport"
// tokens carry no application protocol.

/** QMux drafts `@moq/qmux` speaks, newest first. */
export const QMUX_VERSIONS = ["qmux-02", "qmux-01", "qmux-00"] as const;
/** A QMux draft, as it prefixes a subprotocol token. */
export type QmuxVersion = (typeof QMUX_VERSIONS)[number];

/**
 * Tokens without an application protocol, offered after the pairs unless a
 * protocol is required: the application then negotiates inside its own
 * handshake (MoQT draft-14 SETUP). "webtransport" is the pre-QMux framing.
 */
export const BARE_SUBPROTOCOLS = ["qmux-02", "qmux-01", "qmux-00", "webtransport"] as const;

/** Options of `qmuxSubprotocols`. */
export interface QmuxSubprotocolOptions {
  /** QMux drafts to offer for each application protocol, preferred first; default all. */
  readonly versions?: readonly QmuxVersion[];
  /** Offer only "{qmux-VV}.{alpn}" pairs, no bare tokens; default false. */
  readonly requireProtocol?: boolean;
}

/**
 * The Sec-WebSocket-Protocol tokens for application `protocols` (preferred
 * first): every QMux draft of the first protocol, then of the next, then the
 * bare tokens. The same list `@moq/qmux` sends for `versions: { [p]: null }`.
 */
export function qmuxSubprotocols(
  protocols: readonly string[],
  options: QmuxSubprotocolOptions = {},
): string[] {
  const versions = options.versions ?? QMUX_VERSIONS;
  const out: string[] = [];
  for (const p of protocols) for (const v of versions) out.push(`${v}.${p}`);
  if (!(options.requireProtocol ?? false)) out.push(...BARE_SUBPROTOCOLS);
  return [...new Set(out)];
}

/**
 * The tokens of a Sec-WebSocket-Protocol header (RFC 6455 §4.1: a comma-separated
 * list; browsers send "a, b", Node's `ws` sends "a,b"), in order, without blanks.
 */
export function parseSubprotocolHeader(header: string | null | undefined): string[] {
  if (header === null || header === undefined) return [];
  return header
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
}

/** The QMux draft a negotiated token selects, or undefined for the pre-QMux framing. */
export function qmuxVersionOf(token: string): QmuxVersion | undefined {
  return QMUX_VERSIONS.find((v) => token === v || token.startsWith(`${v}.`));
}

/** The application protocol a negotiated token names; "" for a bare token. */
export function applicationProtocolOf(token: string): string {
  const v = qmuxVersionOf(token);
  return v !== undefined && token.startsWith(`${v}.`) ? token.slice(v.length + 1) : "";
}
