import { describe, expect, it } from "vitest";
import { VoiceError, VoiceErrorCode } from "../errors.ts";
import { checkFrame, frameBytes, resolveFormat } from "./format.ts";

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof VoiceError ? e.code : String(e);
  }
  return "no error";
};

describe("bridge formats", () => {
  it("applies the seed's defaults: opus, 48 kHz, mono, 20 ms", () => {
    expect(resolveFormat()).toEqual({ codec: "opus", sampleRate: 48000, channels: 1, frameMs: 20 });
    expect(resolveFormat({ codec: "g711_ulaw" }).sampleRate).toBe(8000);
  });

  it("refuses unsupported codecs, rates, channels and durations with typed errors", () => {
    expect(code(() => resolveFormat({ codec: "aac" as never }))).toBe(
      VoiceErrorCode.UNSUPPORTED_CODEC,
    );
    expect(code(() => resolveFormat({ codec: "g711_alaw", sampleRate: 16000 }))).toBe(
      VoiceErrorCode.UNSUPPORTED_FORMAT,
    );
    expect(code(() => resolveFormat({ codec: "opus", sampleRate: 44100 }))).toBe(
      VoiceErrorCode.UNSUPPORTED_FORMAT,
    );
    expect(code(() => resolveFormat({ channels: 2 }))).toBe(VoiceErrorCode.UNSUPPORTED_FORMAT);
    expect(code(() => resolveFormat({ frameMs: 25 }))).toBe(VoiceErrorCode.UNSUPPORTED_FORMAT);
  });

  it("sizes frames: pcm16 2 bytes a sample, G.711 1, Opus any packet up to 3828 bytes", () => {
    const pcm = resolveFormat({ codec: "pcm16", sampleRate: 16000 });
    expect(frameBytes(pcm)).toBe(640);
    expect(frameBytes(resolveFormat({ codec: "g711_ulaw", frameMs: 10 }))).toBe(80);
    expect(checkFrame(pcm, new Uint8Array(640)).length).toBe(640);
    expect(code(() => checkFrame(pcm, new Uint8Array(639)))).toBe(VoiceErrorCode.WRONG_FRAME_SIZE);
    const opus = resolveFormat();
    expect(code(() => checkFrame(opus, new Uint8Array(0)))).toBe(VoiceErrorCode.WRONG_FRAME_SIZE);
    expect(code(() => checkFrame(opus, new Uint8Array(3829)))).toBe(
      VoiceErrorCode.WRONG_FRAME_SIZE,
    );
    expect(code(() => checkFrame(opus, [1, 2, 3]))).toBe(VoiceErrorCode.INVALID_ARGUMENT);
  });
});
