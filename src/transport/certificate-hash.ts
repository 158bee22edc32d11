// The dev server's self-signed certificate is pinned by hash: Chromium accepts
// one with `serverCertificateHashes` (ECDSA P-256, valid < 14 days).
import { parseHexDigest } from "./webtransport.ts";

/** A SHA-256 digest is 32 bytes. */
const SHA256_BYTES = 32;

/** The fetch this module needs (the global one by default). */
export type FetchLike = (url: string, init: { signal?: AbortSignal }) => Promise<Response>;

/**
 * Fetches the hex SHA-256 of the server's DER certificate from `url`. Resolves
 * undefined when there is none to be had (HTTP error, malformed body): the
 * caller then dials without pinning. Rejects only when `signal` aborts or the
 * request fails at the network level.
 */
export async function fetchCertificateHash(
  url: URL,
  signal: AbortSignal,
  fetchImpl: FetchLike = (u, init) => fetch(u, init),
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const res = await fetchImpl(url.href, { signal });
  if (!res.ok) {
    await res.body?.cancel();
    return undefined;
  }
  const text = (await res.text()).trim();
  try {
    const digest = parseHexDigest(text);
    return digest.length === SHA256_BYTES ? digest : undefined;
  } catch {
    return undefined;
  }
}
