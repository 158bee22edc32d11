import type { FieldLine } from "./qpack.ts";
import { parseProtocolList } from "./structured-field.ts";

/** `:protocol` values that open a WebTransport session (RFC 9220; draft-02 and later tokens). */
export const WEBTRANSPORT_PROTOCOLS = ["webtransport-h3", "webtransport"] as const;

/** An extended CONNECT request for a WebTransport session. */
export interface WebTransportRequest {
  /** `https://` + `:authority` + `:path`. */
  readonly url: URL;
  /** `:authority` pseudo-header. */
  readonly authority: string;
  /** `:path` pseudo-header as sent, with the query (e.g. `/moq?jwt=...`). */
  readonly path: string;
  /** `Origin` header, present for browser clients. */
  readonly origin: string | undefined;
  /** `WT-Available-Protocols` in client preference order; empty if absent or malformed. */
  readonly protocols: readonly string[];
  /** Regular header fields, lowercase names; repeated fields joined with ", ". */
  readonly headers: ReadonlyMap<string, string>;
  /** Whether the client speaks draft-02 (sent `sec-webtransport-http3-draft02`). */
  readonly draft02: boolean;
  /** Peer UDP address. */
  readonly remoteAddr: Deno.NetAddr;
}

/** Result of reading a request's field lines. */
export type ParsedRequest =
  | { readonly kind: "webtransport"; readonly request: WebTransportRequest }
  | { readonly kind: "other"; readonly status: number };

/**
 * Validates an HTTP/3 request (RFC 9114 §4.3.1, RFC 9220 §3) and returns the
 * WebTransport request, or the status to answer a request that is not one.
 */
export function parseRequest(
  fields: readonly FieldLine[],
  remoteAddr: Deno.NetAddr,
): ParsedRequest {
  const pseudo = new Map<string, string>();
  const headers = new Map<string, string>();
  let regularSeen = false;
  for (const [name, value] of fields) {
    if (name !== name.toLowerCase()) return { kind: "other", status: 400 };
    if (name.startsWith(":")) {
      if (regularSeen || pseudo.has(name)) return { kind: "other", status: 400 }; // §4.3
      pseudo.set(name, value);
    } else {
      regularSeen = true;
      const previous = headers.get(name);
      headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
    }
  }
  const method = pseudo.get(":method");
  const protocol = pseudo.get(":protocol");
  if (method !== "CONNECT") return { kind: "other", status: 404 };
  if (!protocol) return { kind: "other", status: 400 }; // plain CONNECT: not a proxy
  if (!(WEBTRANSPORT_PROTOCOLS as readonly string[]).includes(protocol)) {
    return { kind: "other", status: 501 };
  }
  const scheme = pseudo.get(":scheme");
  const authority = pseudo.get(":authority");
  const path = pseudo.get(":path");
  if (scheme !== "https" || !authority || !path || !path.startsWith("/")) {
    return { kind: "other", status: 400 };
  }
  let url: URL;
  try {
    url = new URL(`https://${authority}${path}`);
  } catch {
    return { kind: "other", status: 400 };
  }
  const offered = headers.get("wt-available-protocols");
  return {
    kind: "webtransport",
    request: {
      url,
      authority,
      path,
      origin: headers.get("origin"),
      protocols: offered === undefined ? [] : (parseProtocolList(offered) ?? []),
      headers,
      draft02: headers.has("sec-webtransport-http3-draft02"),
      remoteAddr,
    },
  };
}
