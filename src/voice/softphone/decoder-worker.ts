// The Opus decoder worker (`@clutchcall/sdk/workers/softphone-decoder`): decodes
// downlink frames off the page's main thread and writes the samples straight
// into the playout ring (SharedArrayBuffer), or posts them to the playout
// worklet over a MessagePort when the page is not cross-origin isolated. The
// page thread only forwards the small encoded frames.
import type { DecoderCommand, DecoderMessage } from "./decoder-messages.ts";
import type { FrameDecoder } from "./decoders.ts";
import { SoftphoneError, SoftphoneErrorCode } from "./errors.ts";
import { createOpusDecoder } from "./opus-decoder.ts";
import type { PlayoutCommand } from "./playout-messages.ts";
import { SampleRing } from "./ring.ts";

/** The parts of the worker's global scope used here (the DOM lib has no worker types). */
interface WorkerScope {
  postMessage(message: DecoderMessage): void;
  onmessage: ((event: MessageEvent<DecoderCommand>) => void) | null;
  onmessageerror: (() => void) | null;
  close(): void;
}

const scope = globalThis as unknown as WorkerScope;
let decoder: FrameDecoder | undefined;
let failed = false;

function post(message: DecoderMessage): void {
  scope.postMessage(message);
}

function fail(error: unknown): void {
  if (failed) return;
  failed = true;
  const e = error instanceof SoftphoneError ? error : undefined;
  post({
    type: "error",
    code: e?.code ?? SoftphoneErrorCode.Codec,
    message: e?.message ?? String(error),
  });
}

function writer(sink: SharedArrayBuffer | MessagePort): (samples: Float32Array) => void {
  if (sink instanceof MessagePort) {
    return (samples) => {
      const command: PlayoutCommand = { type: "samples", samples };
      sink.postMessage(command, [samples.buffer as ArrayBuffer]);
    };
  }
  const ring = new SampleRing(sink);
  return (samples) => {
    const lost = samples.length - ring.write(samples);
    if (lost > 0) post({ type: "overflow", samples: lost });
  };
}

async function start(command: Extract<DecoderCommand, { type: "start" }>): Promise<void> {
  try {
    decoder = await createOpusDecoder({
      channels: command.channels,
      onSamples: writer(command.sink),
      onError: fail,
    });
    post({ type: "ready" });
  } catch (e) {
    fail(e);
  }
}

scope.onmessage = (event) => {
  const m = event.data;
  if (m.type === "frame") {
    if (!failed) decoder?.decode(m.tsUs, m.bytes);
  } else if (m.type === "start") {
    void start(m);
  } else {
    decoder?.close();
    decoder = undefined;
    scope.close();
  }
};
// A command that could not be received (a SharedArrayBuffer in a worker that
// is not cross-origin isolated) arrives as a messageerror.
scope.onmessageerror = () =>
  fail(
    new SoftphoneError(
      SoftphoneErrorCode.CrossOriginIsolation,
      "the decoder worker could not receive the shared playout ring",
    ),
  );
