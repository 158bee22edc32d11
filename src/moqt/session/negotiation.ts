// Version negotiation. draft-14 §"Version and Extension Negotiation": ALPN moq-00,
// the client lists versions in CLIENT_SETUP and the server picks one in
// SERVER_SETUP. draft-16 §"Session establishment": the version is the ALPN /
// WebTransport protocol ("moqt-16"), and the SETUP messages carry none.
import { SessionErrorCode } from "../wire/error-codes.ts";
import { PROFILES, SUPPORTED_VERSIONS, type Version } from "../wire/version.ts";
import { CloseReason, MoqtSessionError } from "./errors.ts";

/** The ALPN / protocol of drafts that negotiate the version inside SETUP. */
export const SETUP_NEGOTIATED_PROTOCOL = "moq-00";

/** How this session's version is chosen, given the transport's negotiated protocol. */
export type Negotiation =
  /** The protocol fixed the version; SETUP carries none. */
  | { readonly by: "protocol"; readonly version: Version }
  /** SETUP carries versions; `framing` decodes the SETUP messages; `candidates` best first. */
  | { readonly by: "setup"; readonly framing: Version; readonly candidates: readonly Version[] };

function highestFirst(versions: readonly Version[]): Version[] {
  return [...new Set(versions)].sort((a, b) => b - a);
}

/**
 * Decides how to negotiate over a transport that negotiated `protocol` ("" when
 * none), among the locally `supported` versions. Throws VERSION_NEGOTIATION_FAILED
 * when no local version can run over that protocol.
 */
export function negotiationFor(protocol: string, supported: readonly Version[]): Negotiation {
  const local = highestFirst(supported);
  if (protocol === "" || protocol === SETUP_NEGOTIATED_PROTOCOL) {
    const candidates = local.filter((v) => PROFILES[v].versionsInSetup);
    const framing = highestFirst(SUPPORTED_VERSIONS).find((v) => PROFILES[v].versionsInSetup);
    if (candidates.length > 0 && framing !== undefined) {
      return { by: "setup", framing, candidates };
    }
  } else {
    const version = local.find(
      (v) => PROFILES[v].alpn === protocol && !PROFILES[v].versionsInSetup,
    );
    if (version !== undefined) return { by: "protocol", version };
  }
  throw new MoqtSessionError(
    SessionErrorCode.VERSION_NEGOTIATION_FAILED,
    `${CloseReason.NO_COMMON_VERSION} over protocol "${protocol}"`,
  );
}

/** The highest of `offered` that is also a candidate, if any (the server's pick). */
export function selectVersion(
  offered: readonly number[],
  candidates: readonly Version[],
): Version | undefined {
  return highestFirst(candidates).find((v) => offered.includes(v));
}

/**
 * The WebTransport protocols (or ALPNs) a client offers for `versions`, best first,
 * e.g. ["moqt-16", "moq-00"].
 */
export function protocolsFor(versions: readonly Version[] = SUPPORTED_VERSIONS): string[] {
  return [...new Set(highestFirst(versions).map((v) => PROFILES[v].alpn))];
}

/**
 * The protocol a server picks from a client's offer: the one of the highest
 * version both support; `undefined` when none (the server then refuses the session).
 */
export function selectProtocol(
  offered: readonly string[],
  supported: readonly Version[] = SUPPORTED_VERSIONS,
): string | undefined {
  return protocolsFor(supported).find((p) => offered.includes(p));
}
