import { afterEach, describe, expect, it } from "vitest";
import { MoqtClient } from "../../moqt/client/client.ts";
import { openRelay, relayDial, until } from "../../moqt/client/testing/relay-dial.ts";
import { VoiceError, VoiceErrorCode } from "../errors.ts";
import { AudioBridge } from "./audio-bridge.ts";

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

function pair() {
  const relay = openRelay();
  const a = MoqtClient.connect("https://relay.test/moq", { dial: relayDial(relay).dial });
  const b = MoqtClient.connect("https://relay.test/moq", { dial: relayDial(relay).dial });
  opened.push(a, b);
  return { relay, a, b };
}

describe("AudioBridge", () => {
  it("server and caller ends exchange frames on voice/<sid>/{uplink,downlink}", async () => {
    const { relay, a, b } = pair();
    const atServer: number[] = [];
    const atCaller: number[] = [];
    const format = { codec: "g711_ulaw", frameMs: 20 } as const;
    const server = new AudioBridge(a, "CA1", "server", {
      ...format,
      onFrame: (_ts, f) => atServer.push(f[0] ?? -1),
    });
    const caller = new AudioBridge(b, "CA1", "caller", {
      ...format,
      onFrame: (_ts, f) => atCaller.push(f[0] ?? -1),
    });
    await until(() => relay.stats().tracks >= 2, "both tracks published");
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 1; i <= 5; i++) {
      caller.write(new Uint8Array(160).fill(i));
      server.write(new Uint8Array(160).fill(100 + i));
    }
    await until(() => atServer.length === 5 && atCaller.length === 5, "frames both ways");
    expect(atServer).toEqual([1, 2, 3, 4, 5]);
    expect(atCaller).toEqual([101, 102, 103, 104, 105]);
    await Promise.all([server.close(), caller.close()]);
    await until(() => relay.stats().tracks === 0, "both tracks gone");
  });

  it("refuses a frame of the wrong size and writes after close", async () => {
    const { a } = pair();
    const bridge = new AudioBridge(a, "CA2", "server", { codec: "pcm16", sampleRate: 16000 });
    expect(() => bridge.write(new Uint8Array(320))).toThrow(
      expect.objectContaining({ code: VoiceErrorCode.WRONG_FRAME_SIZE }),
    );
    bridge.write(new Uint8Array(640));
    await bridge.close();
    await bridge.closed;
    expect(() => bridge.write(new Uint8Array(640))).toThrow(VoiceError);
  });

  it("checks the sid and the codec at the call site", () => {
    const { a } = pair();
    expect(() => new AudioBridge(a, "bad/sid", "server")).toThrow(
      expect.objectContaining({ code: VoiceErrorCode.INVALID_ARGUMENT }),
    );
    expect(() => new AudioBridge(a, "CA3", "server", { codec: "mp3" as never })).toThrow(
      expect.objectContaining({ code: VoiceErrorCode.UNSUPPORTED_CODEC }),
    );
  });
});
