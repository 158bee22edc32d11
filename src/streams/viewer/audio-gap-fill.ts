// Silence for the holes of a live Opus track in a MediaSource. A <video> plays
// only where every SourceBuffer has media, so a hole in the audio (input the
// publisher's page dropped while busy, or a Group the subscription skipped)
// stops the picture too — and Chromium resumes only once it has a few hundred
// ms of audio buffered past the hole. What never arrived will not arrive later
// (a subscription delivers nothing older than what it delivered), so the hole
// is filled with Opus silence packets the moment the audio after it arrives.
import { writeFragment } from "../cmaf/fragment.ts";
import { readFragment } from "../cmaf/read.ts";

/**
 * One 20 ms Opus packet of silence (RFC 6716 §3.1: TOC config 31 = CELT-only
 * fullband 20 ms, mono, one frame; the frame's first bits set CELT's silence flag).
 */
const OPUS_SILENCE = Uint8Array.of(0xf8, 0xff, 0xfe);
const PACKET_MS = 20;
/**
 * Longer holes are an outage (the picture has one too): left for the viewer to
 * skip. Filling a relay restart's hole (about a second) kept the audio whole
 * across a gap in the video, and the <video> then stopped for good a few
 * seconds later in one restart of four.
 */
export const MAX_FILL_MS = 300;

export class AudioGapFill {
  private endTicks: number | undefined;
  private readonly packetTicks: number;

  constructor(private readonly timescale: number) {
    this.packetTicks = Math.round((timescale * PACKET_MS) / 1000);
  }

  /**
   * Notes the audio `fragment` about to be appended; returns a fragment of
   * silence to append before it when it starts a hole of at least one packet
   * (and at most MAX_FILL_MS) after the audio seen so far. What is left of a
   * hole, under one packet, is within what MediaSource joins up.
   */
  before(fragment: Uint8Array): Uint8Array | undefined {
    let read: ReturnType<typeof readFragment>;
    try {
      read = readFragment(fragment);
    } catch {
      return undefined; // not a fragment: the SourceBuffer reports it
    }
    const { trackId, samples } = read;
    const first = samples[0];
    if (first === undefined) return undefined;
    const startTicks = first.decodeTime;
    const endTicks = samples.reduce((t, s) => t + s.duration, startTicks);
    const fromTicks = this.endTicks;
    this.endTicks = Math.max(fromTicks ?? 0, endTicks);
    if (fromTicks === undefined) return undefined;
    const holeTicks = startTicks - fromTicks;
    const packets = Math.floor(holeTicks / this.packetTicks);
    if (packets < 1 || holeTicks > (MAX_FILL_MS * this.timescale) / 1000) return undefined;
    return writeFragment(
      { trackId, sequence: 1, baseMediaDecodeTime: fromTicks },
      Array.from({ length: packets }, () => ({
        duration: this.packetTicks,
        data: OPUS_SILENCE,
        keyframe: true,
      })),
    );
  }
}
