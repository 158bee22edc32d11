// The TypeScript example of the product docs ("Realtime Tracks" → "Publish &
// subscribe a frame track"), verbatim but for a local URL, against the
// in-process relay: the default dial (`connectTransport`) finds a stand-in
// `WebTransport` that reaches the relay over in-memory transports.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectionState, MoqtClient } from "./index.ts";
import { fakeWebTransport } from "./testing/fake-webtransport.ts";
import { openRelay, until } from "./testing/relay-dial.ts";

describe("seed example (TypeScript, browser)", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("runs as written with a local URL", async () => {
    const relay = openRelay();
    const wt = fakeWebTransport(relay);
    vi.stubGlobal("WebTransport", wt.WebTransport);
    // Loopback URLs make the default dial fetch the dev certificate hash; there is none here.
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("no dev server in this test")));
    const tsUs = 1_700_000_000_000_000;
    const cdrBytes = new Uint8Array([0, 1, 0, 0, 42, 43]);
    const seen: { priority: number; data: Uint8Array }[] = [];
    const handle = (priority: number, data: Uint8Array) => seen.push({ priority, data });

    // biome-ignore-start lint/correctness/noUnusedFunctionParameters: the docs' example, verbatim
    // biome-ignore format: the docs' example, verbatim
    const example = async () => {
const pubc = await MoqtClient.connect("https://localhost:4443/moq");
const track = pubc.publishFrame("robot/turtlebot4-001", "odom",
    { capability: "ros.telemetry", schemaTag: "ros2/cdr", defaultPriority: 128 });
track.write(tsUs, cdrBytes, 200);

const subc = await MoqtClient.connect("https://localhost:4443/moq");
subc.subscribeFrame("robot/turtlebot4-001", "odom",
    // @ts-expect-error TS6133: the example leaves `ts` unused (noUnusedParameters)
    (ts, priority, data) => handle(priority, data));
      return { pubc, subc };
    };
    // biome-ignore-end lint/correctness/noUnusedFunctionParameters: the docs' example, verbatim

    const { pubc, subc } = await example();
    await until(() => seen.length === 1, "the frame");
    expect(seen[0]!.priority).toBe(200);
    expect([...seen[0]!.data]).toEqual([...cdrBytes]);
    expect(pubc.state).toBe(ConnectionState.Connected);
    expect(subc.draft).toBe(16);
    expect(wt.made).toHaveLength(2);
    await Promise.all([pubc.close(), subc.close()]);
    relay.close();
  });
});
