// Serves a packaged asset's files (catalog.json, init.mp4, N.m4s) with single
// byte-range support (RFC 9110 §14), so players can fetch whole segments or parts.

const TYPES: Readonly<Record<string, string>> = {
  json: "application/json",
  mp4: "video/mp4",
  m4s: "video/iso.segment",
};

/** A path inside a package: segments of letters, digits, `_`, `-`, `.`, never `..`. */
const SAFE_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*\/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

function parseRange(header: string, size: number): { start: number; end: number } | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (m === null || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const suffix = Math.min(Number(m[2]), size);
    return { start: size - suffix, end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start <= end && start < size ? { start, end } : undefined;
}

/** Serves `relPath` under `dir` for GET/HEAD; 404 for anything missing or outside. */
export async function serveFile(
  req: Request,
  dir: string,
  relPath: string,
  cors: Record<string, string>,
): Promise<Response> {
  const base = { ...cors, "access-control-expose-headers": "content-length, content-range" };
  if (!SAFE_PATH.test(relPath)) return new Response("not found\n", { status: 404, headers: base });
  const ext = relPath.slice(relPath.lastIndexOf(".") + 1);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await Deno.readFile(`${dir}/${relPath}`);
  } catch {
    return new Response("not found\n", { status: 404, headers: base });
  }
  const headers: Record<string, string> = {
    ...base,
    "content-type": TYPES[ext] ?? "application/octet-stream",
    "accept-ranges": "bytes",
    // Packaged files never change; the catalog is re-read in case of re-packaging.
    "cache-control": ext === "json" ? "no-cache" : "public, max-age=31536000, immutable",
  };
  const rangeHeader = req.headers.get("range");
  const body = req.method === "HEAD" ? null : bytes;
  if (rangeHeader === null) return new Response(body, { status: 200, headers });
  const range = parseRange(rangeHeader, bytes.byteLength);
  if (range === undefined) {
    headers["content-range"] = `bytes */${bytes.byteLength}`;
    return new Response(null, { status: 416, headers });
  }
  headers["content-range"] = `bytes ${range.start}-${range.end}/${bytes.byteLength}`;
  const part = bytes.subarray(range.start, range.end + 1);
  return new Response(req.method === "HEAD" ? null : part, { status: 206, headers });
}
