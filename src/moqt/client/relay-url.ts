import { MoqtClientError, MoqtClientErrorCode } from "./errors.ts";

/** URL schemes a relay can be reached with: WebTransport (https, http for loopback) or QMux (wss, ws). */
export const RELAY_URL_SCHEMES: readonly string[] = ["https:", "http:", "wss:", "ws:"];

/** Parses and checks a relay URL; throws a fatal MALFORMED_URL error naming the problem. */
export function parseRelayUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch (e) {
    throw new MoqtClientError(MoqtClientErrorCode.MALFORMED_URL, `malformed relay URL "${url}"`, {
      fatal: true,
      cause: e,
    });
  }
  if (!RELAY_URL_SCHEMES.includes(parsed.protocol)) {
    throw new MoqtClientError(
      MoqtClientErrorCode.MALFORMED_URL,
      `relay URL scheme "${parsed.protocol}" is not one of ${RELAY_URL_SCHEMES.join(" ")}`,
      { fatal: true },
    );
  }
  if (parsed.hostname === "") {
    throw new MoqtClientError(MoqtClientErrorCode.MALFORMED_URL, `relay URL "${url}" has no host`, {
      fatal: true,
    });
  }
  return parsed;
}
