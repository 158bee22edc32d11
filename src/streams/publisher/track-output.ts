// Where an encoded track goes: its catalog entry (with the init segment) and its CMAF chunks.
import type { CatalogTrack } from "../catalog.ts";
import type { CmafChunk } from "../cmaf/chunk-writer.ts";

export interface TrackOutput {
  /** The track's catalog entry, on the first encoder configuration and whenever it changes. */
  config(track: CatalogTrack): void;
  /** A CMAF chunk (one frame), ready to send. */
  chunk(c: CmafChunk): void;
  /** The encoder failed. */
  error(e: unknown): void;
}

/** Counters of one encoded track. */
export interface EncodedTrackStats {
  readonly name: string;
  readonly framesEncoded: number;
  /** Frames dropped because the encoder was behind (back-pressure). */
  readonly framesDropped: number;
  /** CMAF chunks sent (one per frame). */
  readonly chunks: number;
  readonly bytes: number;
  /** Encoder time per encoded second of media (ms of wall time per s), a CPU proxy. */
  readonly encodeMsPerSecond: number;
}

/** Running counters behind `EncodedTrackStats`. */
export class TrackCounters {
  framesEncoded = 0;
  framesDropped = 0;
  chunks = 0;
  bytes = 0;
  private busyMs = 0;
  private mediaUs = 0;

  constructor(readonly name: string) {}

  addChunk(c: CmafChunk): void {
    this.chunks++;
    this.bytes += c.bytes.byteLength;
    this.mediaUs += c.durationUs;
  }

  addBusy(ms: number): void {
    this.busyMs += ms;
  }

  snapshot(): EncodedTrackStats {
    return {
      name: this.name,
      framesEncoded: this.framesEncoded,
      framesDropped: this.framesDropped,
      chunks: this.chunks,
      bytes: this.bytes,
      encodeMsPerSecond: this.mediaUs > 0 ? this.busyMs / (this.mediaUs / 1e6) : 0,
    };
  }
}

/** A private copy of WebCodecs bytes (a `description`). */
export function copyBytes(source: AllowSharedBufferSource): Uint8Array {
  const view =
    source instanceof ArrayBuffer || source instanceof SharedArrayBuffer
      ? new Uint8Array(source)
      : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  return view.slice();
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((v, i) => v === b[i]);
}
