// The catalog.json of a packaged VOD asset: the live catalog's shape (seed "The
// catalog") plus, per track, the init segment and the fragment list a player
// seeks in (URLs relative to catalog.json).
import { type Catalog, CatalogError, type CatalogTrack, validateCatalog } from "../catalog.ts";

/** One CMAF fragment of a VOD track. */
export interface VodSegment {
  /** URL relative to catalog.json. */
  readonly url: string;
  readonly startUs: number;
  readonly durationUs: number;
  readonly bytes: number;
}

/** A VOD track: a catalog track with its fragments. */
export interface VodTrack extends CatalogTrack {
  readonly initSegment: string;
  readonly segments: readonly VodSegment[];
}

/** A parsed VOD catalog. */
export interface VodCatalog extends Catalog {
  readonly live: false;
  readonly durationUs: number;
  readonly tracks: readonly VodTrack[];
}

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

function checkSegments(t: Record<string, unknown>): void {
  const segs = t.segments;
  if (!Array.isArray(segs) || segs.length === 0) {
    throw new CatalogError(`track ${String(t.name)} has no segments`);
  }
  for (const [i, s] of segs.entries()) {
    const seg = s as Record<string, unknown>;
    if (typeof seg.url !== "string" || !isCount(seg.startUs) || !isCount(seg.durationUs)) {
      throw new CatalogError(
        `track ${String(t.name)} segments[${i}] needs url, startUs, durationUs`,
      );
    }
  }
  if (typeof t.initData !== "string") {
    throw new CatalogError(`track ${String(t.name)} has no initData`);
  }
}

/** Checks a catalog.json value; throws CatalogError saying what is wrong. */
export function parseVodCatalog(value: unknown): VodCatalog {
  const c = validateCatalog(value);
  if (c.live) throw new CatalogError("a VOD catalog has live: false");
  const durationUs = (value as { durationUs?: unknown }).durationUs;
  if (!isCount(durationUs)) throw new CatalogError("catalog.durationUs must be a number ≥ 0");
  for (const t of c.tracks) checkSegments(t as unknown as Record<string, unknown>);
  return { ...c, live: false, durationUs, tracks: c.tracks as VodTrack[] };
}

/** Index of the segment holding media time `tUs` (the first after it in a gap; the last past the end). */
export function segmentAt(segments: readonly VodSegment[], tUs: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.startUs <= tUs) lo = mid;
    else hi = mid - 1;
  }
  const s = segments[lo]!;
  return tUs >= s.startUs + s.durationUs && lo + 1 < segments.length && tUs >= 0 ? lo + 1 : lo;
}
