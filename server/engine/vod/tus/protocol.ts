// Resumable upload request headers: tus 1.0.0 (what tus-js-client speaks by
// default), the TUS2 flow of the streams recipes (`tus-resumable: 2.0.0`), and
// the IETF resumable-upload drafts (Upload-Draft-Interop-Version, Upload-Complete).

/** Protocol versions accepted in `Tus-Resumable`. */
export const TUS_VERSIONS = ["1.0.0", "2.0.0"] as const;
export type TusVersion = (typeof TUS_VERSIONS)[number];

/** Content types of a PATCH body: tus (offset+octet-stream), IETF draft 05+ (partial-upload). */
export const PATCH_CONTENT_TYPES = [
  "application/offset+octet-stream",
  "application/partial-upload",
] as const;

/** A request header that is malformed or not supported; `status` is the HTTP answer. */
export class TusHeaderError extends Error {
  override readonly name = "TusHeaderError";
  constructor(
    readonly status: 400 | 412 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** The protocol a request speaks. */
export interface TusDialect {
  /** The `Tus-Resumable` version, or undefined for an IETF-draft request. */
  readonly version: TusVersion | undefined;
  /** The `Upload-Draft-Interop-Version`, when sent. */
  readonly draft: string | undefined;
}

/** Reads the dialect; throws 412 when no supported protocol is named. */
export function dialectOf(headers: Headers): TusDialect {
  const tus = headers.get("tus-resumable") ?? undefined;
  const draft = headers.get("upload-draft-interop-version") ?? undefined;
  if (tus === undefined && draft === undefined) {
    throw new TusHeaderError(412, `send Tus-Resumable: ${TUS_VERSIONS.join(" or ")}`);
  }
  if (tus !== undefined && !(TUS_VERSIONS as readonly string[]).includes(tus)) {
    throw new TusHeaderError(
      412,
      `Tus-Resumable ${tus} unsupported; use ${TUS_VERSIONS.join(" or ")}`,
    );
  }
  return { version: tus as TusVersion | undefined, draft };
}

/** A non-negative integer header, or undefined when absent; throws 400 when malformed. */
export function byteCount(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null) return undefined;
  if (!/^\d{1,15}$/.test(raw.trim())) {
    throw new TusHeaderError(400, `${name} must be a non-negative integer, got "${raw}"`);
  }
  return Number(raw.trim());
}

/** `Upload-Complete` (an RFC 8941 boolean: `?1` / `?0`), or undefined when absent. */
export function uploadComplete(headers: Headers): boolean | undefined {
  const raw = headers.get("upload-complete")?.trim();
  if (raw === undefined) return undefined;
  if (raw === "?1") return true;
  if (raw === "?0") return false;
  throw new TusHeaderError(400, `Upload-Complete must be ?1 or ?0, got "${raw}"`);
}

/** Checks a PATCH's content type: tus requires application/offset+octet-stream. */
export function checkPatchType(headers: Headers, dialect: TusDialect): void {
  const type = headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (dialect.version === undefined && (type === undefined || type === "")) return;
  if (type === undefined || !(PATCH_CONTENT_TYPES as readonly string[]).includes(type)) {
    throw new TusHeaderError(415, `Content-Type must be application/offset+octet-stream`);
  }
}

/** Headers every tus response carries, echoing the request's version. */
export function tusHeaders(dialect: TusDialect | undefined): Record<string, string> {
  return {
    "tus-resumable": dialect?.version ?? "1.0.0",
    "tus-version": TUS_VERSIONS.join(","),
    "cache-control": "no-store",
  };
}
