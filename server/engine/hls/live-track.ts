// One track of a live broadcast as LL-HLS (draft-pantos-hls-rfc8216bis §4.4):
// the CMAF chunks the relay carries (one frame each from the browser publisher,
// whole fragments from a packager) are coalesced into Partial Segments cut at a
// fixed PART-TARGET on chunk boundaries; a Group start (keyframe) closes the
// running Media Segment once it is long enough.
import { type TrackTiming, timeFragment, trackTiming } from "../media/split.ts";

/** One Partial Segment: consecutive relayed CMAF chunks, byte for byte. */
interface Part {
  readonly bytes: Uint8Array;
  readonly durationS: number;
  /** Starts with a keyframe (EXT-X-PART INDEPENDENT=YES). */
  readonly independent: boolean;
}

/** One Media Segment: the parts of one Group (or of a run of audio groups). */
interface Segment {
  readonly msn: number;
  /** Its complete parts (the only ones a playlist lists). */
  readonly parts: Part[];
  /** Chunks of the part being filled. */
  pending: { chunks: Uint8Array[]; durationS: number; independent: boolean } | undefined;
  /** Wall-clock time of its first sample, ms since the epoch (0 when unknown). */
  readonly programDateMs: number;
  complete: boolean;
}

/** Options of `LiveHlsTrack`. */
export interface LiveHlsTrackOptions {
  /** Complete segments kept in the playlist; default 6. */
  readonly windowSegments?: number;
  /** A segment closes at a group start only once it lasts this long; default 1 s. */
  readonly minSegmentS?: number;
  /** Length of a part, to the nearest whole number of chunks (at least one); default 0.2 s. */
  readonly partS?: number;
}

const round3 = (s: number) => Math.round(s * 1000) / 1000;
/** PART-TARGET over the parts' planned length: room for chunk-duration jitter. */
const PART_HEADROOM = 1.1;
/** Slack in duration comparisons (durations are sums of rounded tick counts). */
const EPSILON_S = 1e-6;

/** Where a playlist reader waits: msn, and optionally a part of it. */
export interface PlaylistPosition {
  readonly msn: number;
  readonly part?: number;
}

export class LiveHlsTrack {
  readonly init: Uint8Array;
  readonly #timing: TrackTiming;
  readonly #segments: Segment[] = [];
  readonly #window: number;
  readonly #minSegmentS: number;
  readonly #partS: number;
  /** PART-TARGET and the chunk duration it was planned from, fixed by the first chunk. */
  #plan: { readonly partTargetS: number; readonly chunkS: number } | undefined;
  readonly #waiters = new Set<() => void>();
  #nextMsn = 0;
  /** The first group start arrived. */
  #started = false;
  #ended = false;

  /** `init` is the track's CMAF init segment (ftyp+moov). */
  constructor(init: Uint8Array, options: LiveHlsTrackOptions = {}) {
    this.init = init;
    this.#timing = trackTiming(init);
    this.#window = options.windowSegments ?? 6;
    this.#minSegmentS = options.minSegmentS ?? 1;
    this.#partS = options.partS ?? 0.2;
  }

  get ended(): boolean {
    return this.#ended;
  }

  #open(): Segment | undefined {
    const last = this.#segments.at(-1);
    return last !== undefined && !last.complete ? last : undefined;
  }

  /** Adds one relayed CMAF chunk or fragment; `groupStart` when it begins with a keyframe. */
  push(bytes: Uint8Array, groupStart: boolean, tsUs: number): void {
    if (this.#ended || (!this.#started && !groupStart)) return; // a track starts at a group boundary
    this.#started = true;
    const t = timeFragment(bytes, this.#timing);
    const durationS = t.durationTicks / this.#timing.timescale;
    const plan = this.#planParts(durationS);
    let open = this.#open();
    if (open !== undefined && groupStart && durationOf(open) >= this.#minSegmentS) {
      closePart(open);
      open.complete = true;
      open = undefined;
    }
    // §4.4.3.7: no part longer than PART-TARGET, so a chunk that would overflow starts the next.
    if (
      open?.pending !== undefined &&
      open.pending.durationS + durationS > plan.partTargetS + EPSILON_S
    ) {
      this.#closePart(open, plan);
      open = this.#open();
    }
    open ??= this.#openSegment(tsUs);
    const p = open.pending ?? { chunks: [], durationS: 0, independent: groupStart };
    open.pending = p;
    p.chunks.push(bytes);
    p.durationS += durationS;
    // The part is out as soon as a further chunk would not fit: every part but a
    // segment's last then lasts within a chunk of PART-TARGET.
    if (p.durationS + plan.chunkS > plan.partTargetS + EPSILON_S) this.#closePart(open, plan);
    this.#wake();
  }

  #openSegment(tsUs: number): Segment {
    const seg: Segment = {
      msn: this.#nextMsn++,
      parts: [],
      pending: undefined,
      programDateMs: Math.floor(tsUs / 1000),
      complete: false,
    };
    this.#segments.push(seg);
    const complete = this.#segments.filter((s) => s.complete).length;
    if (complete > this.#window) this.#segments.shift();
    return seg;
  }

  /**
   * Closes the part being filled. A part under 85% of PART-TARGET may only be
   * its segment's last (§4.4.4.9), so a short one (an irregular chunk, an
   * encoder that stopped) ends its segment too.
   */
  #closePart(seg: Segment, plan: { partTargetS: number }): void {
    const short = (seg.pending?.durationS ?? plan.partTargetS) < plan.partTargetS * 0.85;
    closePart(seg);
    if (short) seg.complete = true;
  }

  /**
   * PART-TARGET from the first chunk: a whole number of chunks closest to
   * `partS` (one chunk when chunks are longer), plus headroom for jitter. It
   * never changes: parts already listed keep meeting it.
   */
  #planParts(chunkS: number): { partTargetS: number; chunkS: number } {
    if (this.#plan === undefined) {
      const chunks = Math.max(1, Math.round(this.#partS / chunkS));
      const partTargetS = Math.ceil(chunks * chunkS * PART_HEADROOM * 1000) / 1000;
      this.#plan = { partTargetS, chunkS };
    }
    return this.#plan;
  }

  /** The broadcast ended: the open segment completes and the playlist gets EXT-X-ENDLIST. */
  end(): void {
    if (this.#ended) return;
    const open = this.#open();
    if (open !== undefined) {
      closePart(open);
      open.complete = true;
    }
    this.#ended = true;
    this.#wake();
  }

  #wake(): void {
    for (const w of [...this.#waiters]) w();
  }

  /** True when the playlist already contains `pos` (or the track ended). */
  has(pos: PlaylistPosition): boolean {
    if (this.#ended) return true;
    const seg = this.#segments.find((s) => s.msn === pos.msn);
    if (seg === undefined) return pos.msn < (this.#segments[0]?.msn ?? 0);
    return pos.part === undefined ? seg.complete : seg.complete || seg.parts.length > pos.part;
  }

  /** The last msn the playlist holds (complete or not); -1 before the first fragment. */
  get lastMsn(): number {
    return this.#nextMsn - 1;
  }

  /** Resolves true once `pos` is available, false after `timeoutMs`. */
  waitFor(pos: PlaylistPosition, timeoutMs: number): Promise<boolean> {
    if (this.has(pos)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(ok);
      };
      const check = () => {
        if (this.has(pos)) done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.#waiters.add(check);
    });
  }

  /** The bytes of part `part` of segment `msn`. */
  part(msn: number, part: number): Uint8Array | undefined {
    return this.#segments.find((s) => s.msn === msn)?.parts[part]?.bytes;
  }

  /** The bytes of complete segment `msn` (its parts, concatenated). */
  segment(msn: number): Uint8Array | undefined {
    const seg = this.#segments.find((s) => s.msn === msn && s.complete);
    return seg === undefined ? undefined : concat(seg.parts.map((p) => p.bytes));
  }

  /** PART-TARGET (§4.4.3.7), fixed by the track's first chunk; `partS` before it. */
  get partTargetS(): number {
    return this.#plan?.partTargetS ?? this.#partS;
  }

  /**
   * The media playlist. `query` (e.g. "?tok=…") is appended to every URI so
   * that part and segment requests carry the playback token too.
   */
  playlist(query = ""): string {
    const partTarget = this.partTargetS;
    const complete = this.#segments.filter((s) => s.complete);
    const target = Math.max(1, ...complete.map((s) => Math.ceil(durationOf(s))));
    const lines = [
      "#EXTM3U",
      "#EXT-X-VERSION:9",
      `#EXT-X-TARGETDURATION:${target}`,
      // §4.4.3.8: blocking reload; PART-HOLD-BACK at least twice PART-TARGET.
      `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=${round3(partTarget * 3)}`,
      `#EXT-X-PART-INF:PART-TARGET=${partTarget}`,
      `#EXT-X-MEDIA-SEQUENCE:${this.#segments[0]?.msn ?? 0}`,
      `#EXT-X-MAP:URI="init.mp4${query}"`,
    ];
    // Parts are listed for the last three segments only (§4.4.4.9: recent ones), the
    // one a preload hint opens counted.
    const hinted = !this.#ended && this.#open() === undefined;
    const withParts = this.#segments.slice(hinted ? -2 : -3);
    for (const seg of this.#segments) {
      if (seg.programDateMs > 0) {
        lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(seg.programDateMs).toISOString()}`);
      }
      if (withParts.includes(seg)) {
        seg.parts.forEach((p, i) => {
          const independent = p.independent ? ",INDEPENDENT=YES" : "";
          lines.push(
            `#EXT-X-PART:DURATION=${round3(p.durationS)},URI="${seg.msn}.${i}.m4s${query}"${independent}`,
          );
        });
      }
      if (seg.complete) lines.push(`#EXTINF:${round3(durationOf(seg))},`, `${seg.msn}.m4s${query}`);
    }
    if (this.#ended) {
      lines.push("#EXT-X-ENDLIST");
    } else {
      const open = this.#open();
      const next = open === undefined ? `${this.#nextMsn}.0` : `${open.msn}.${open.parts.length}`;
      lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${next}.m4s${query}"`);
    }
    return `${lines.join("\n")}\n`;
  }
}

/** Segment duration so far, the part being filled included. */
function durationOf(seg: Segment): number {
  return seg.parts.reduce((s, p) => s + p.durationS, seg.pending?.durationS ?? 0);
}

/** Closes the part being filled: it becomes listed and fetchable. */
function closePart(seg: Segment): void {
  const p = seg.pending;
  if (p === undefined) return;
  seg.pending = undefined;
  seg.parts.push({ bytes: concat(p.chunks), durationS: p.durationS, independent: p.independent });
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
