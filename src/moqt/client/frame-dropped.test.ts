// A frame whose stream cannot be opened (Chromium: "Failed to create send stream")
// is counted in the publication's `dropped`; the session and later frames go on.
import { afterAll, expect, it } from "vitest";
import type { Dial } from "./dial.ts";
import { ConnectionState, MoqtClient } from "./index.ts";
import { openRelay, relayDial, until } from "./testing/relay-dial.ts";

const URL_ = "https://localhost/moq";
const relay = openRelay();
let refuseStreams = false;
const inner = relayDial(relay).dial;
const dial: Dial = async (url, o) => {
  const t = await inner(url, o);
  const open = t.createUnidirectionalStream.bind(t);
  t.createUnidirectionalStream = (options) =>
    refuseStreams ? Promise.reject(new Error("Failed to create send stream")) : open(options);
  return t;
};
const pub = MoqtClient.connect(URL_, { dial });
const sub = MoqtClient.connect(URL_, { dial: relayDial(relay).dial });
afterAll(async () => {
  await Promise.all([pub.close(), sub.close()]);
  relay.close();
});

it("counts frames whose stream failed to open as dropped, and sends the next ones", async () => {
  const received: number[] = [];
  const track = pub.publishFrame("drop/a", "odom", { capability: "ros.telemetry" });
  const s = sub.subscribeFrame("drop/a", "odom", (tsUs) => received.push(tsUs), {
    latest: false,
    reorderWindowMs: 0,
  });
  await until(() => track.isLive && s.isActive, "publication and subscription up");

  refuseStreams = true;
  for (let ts = 1; ts <= 3; ts++) track.write(ts, new Uint8Array([ts]));
  await until(() => track.dropped === 3, `3 dropped (have ${track.dropped})`);

  refuseStreams = false;
  track.write(4, new Uint8Array([4]));
  await until(() => received.includes(4), "the next frame");
  expect(received).toEqual([4]);
  expect(track.dropped).toBe(3);
  expect(pub.state).toBe(ConnectionState.Connected);
});
