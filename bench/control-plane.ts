// The dev server's control plane as the benchmarks call it: the SDK's own
// procedure clients (the `Streams` facade also loads the browser-only viewer).
import { Assets } from "../src/streams/control/assets.ts";
import { ControlPlane, DEFAULT_RETRY } from "../src/streams/control/control-plane.ts";
import { LiveInputs } from "../src/streams/control/live-inputs.ts";
import type { ReadyLine } from "../tests/pages/client-dev-server.ts";

export function controlPlane(ready: ReadyLine) {
  const api = new ControlPlane({
    baseUrl: ready.api,
    apiKey: ready.apiKey,
    orgId: ready.orgId,
    fetch: globalThis.fetch.bind(globalThis),
    retry: DEFAULT_RETRY,
  });
  return { assets: new Assets(api), liveInputs: new LiveInputs(api) };
}

export type Control = ReturnType<typeof controlPlane>;
