// Loopback hosts: where the local dev server runs, with a self-signed certificate
// whose hash it serves over plain HTTP.

/** `host` as the URL parser normalizes it (IPv4 dotted quad, IPv6 compressed in brackets). */
function normalizeHost(host: string): string | undefined {
  const bracketed = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  try {
    return new URL(`http://${bracketed}/`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * True when `hostname` (as `URL.hostname` gives it, brackets optional for IPv6)
 * names this machine: "localhost" and "*.localhost" (RFC 6761 §6.3),
 * 127.0.0.0/8, ::1 and IPv4-mapped ::ffff:127.0.0.0/104.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = normalizeHost(hostname.replace(/\.$/, ""));
  if (h === undefined) return false;
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(h)) return true;
  return h === "[::1]" || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(h);
}
