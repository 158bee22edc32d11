// One demuxed CMAF sample of the WebCodecs backend, in media time, and the
// helpers both its audio and its video path use.

export interface Sample {
  readonly tsMs: number;
  readonly durationMs: number;
  readonly key: boolean;
  readonly data: Uint8Array;
}
/** A decoder configuration that takes effect in order with the samples (a rendition switch). */
export type VideoItem = Sample | { readonly config: VideoDecoderConfig };

/**
 * Queues `s` in timestamp order: Objects of two MoQT Groups travel on two
 * streams, so the first chunk of a Group can arrive before the last ones of
 * the Group before it (never past a rendition switch's decoder configuration).
 */
export function insertInOrder<T extends VideoItem>(queue: T[], s: T & Sample): void {
  let i = queue.length;
  while (i > 0) {
    const prev = queue[i - 1]!;
    if ("config" in prev || prev.tsMs < s.tsMs) break;
    i--;
  }
  queue.splice(i, 0, s);
}

export function chunk<C extends EncodedVideoChunk | EncodedAudioChunk>(
  Chunk: new (init: EncodedVideoChunkInit & EncodedAudioChunkInit) => C,
  s: Sample,
): C {
  return new Chunk({
    type: s.key ? "key" : "delta",
    timestamp: Math.round(s.tsMs * 1000),
    duration: Math.round(s.durationMs * 1000),
    data: s.data,
  });
}
