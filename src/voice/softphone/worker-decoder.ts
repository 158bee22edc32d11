// The page's end of the Opus decoder worker: starts it, hands it the playout
// ring (or a port to the playout worklet), and forwards each encoded frame.
import { startModuleWorker } from "../../core/start-worker.ts";
import type { DecoderCommand, DecoderMessage } from "./decoder-messages.ts";
import decoderWorkerUrl from "./decoder-worker.ts?worker&url";
import type { FrameDecoder } from "./decoders.ts";
import { SoftphoneError, SoftphoneErrorCode } from "./errors.ts";
import type { PlayoutNode } from "./playout-node.ts";

/** Longest wait for the worker to configure its decoder (a busy machine starts workers slowly). */
const READY_TIMEOUT_MS = 10_000;

/** Options of {@link startWorkerDecoder}. */
export interface WorkerDecoderOptions {
  /** URL of the decoder worker script; default the package's own. */
  readonly workerUrl?: string | URL;
  readonly channels: 1 | 2;
  readonly playout: PlayoutNode;
  /** A decoding error after the start. */
  readonly onError: (error: SoftphoneError) => void;
}

/** Starts the decoder worker; rejects with a SoftphoneError when it cannot decode. */
export function startWorkerDecoder(o: WorkerDecoderOptions): Promise<FrameDecoder> {
  const url = o.workerUrl ?? decoderWorkerUrl;
  const { worker, loaded } = startModuleWorker(url, "clutchcall-softphone-decoder");
  const send = (command: DecoderCommand, transfer: Transferable[] = []) =>
    worker.postMessage(command, transfer);
  const decoder: FrameDecoder = {
    decode(tsUs, bytes) {
      const copy = bytes.slice();
      send({ type: "frame", tsUs, bytes: copy }, [copy.buffer]);
    },
    close() {
      send({ type: "close" });
      worker.terminate();
    },
  };
  return new Promise((resolve, reject) => {
    let started = false;
    const fail = (error: SoftphoneError) => {
      clearTimeout(timer);
      loaded();
      if (started) {
        o.onError(error);
      } else {
        worker.terminate();
        reject(error);
      }
    };
    const timer = setTimeout(
      () =>
        fail(
          new SoftphoneError(
            SoftphoneErrorCode.Worklet,
            `the decoder worker (${String(url)}) never started`,
            { fatal: true },
          ),
        ),
      READY_TIMEOUT_MS,
    );
    worker.onerror = (event) => {
      event.preventDefault();
      fail(
        new SoftphoneError(
          SoftphoneErrorCode.Worklet,
          `the decoder worker (${String(url)}) did not load: ${event.message || "no detail"}` +
            " (a cross-origin isolated page needs COEP/CORP headers on it too)",
          { fatal: true },
        ),
      );
    };
    worker.onmessage = (event: MessageEvent<DecoderMessage>) => {
      const m = event.data;
      if (m.type === "overflow") {
        o.playout.noteOverflow(m.samples);
      } else if (m.type === "error") {
        fail(new SoftphoneError(m.code, m.message, { fatal: true }));
      } else {
        started = true;
        clearTimeout(timer);
        loaded();
        resolve(decoder);
      }
    };
    const ring = o.playout.sharedRing;
    if (ring !== undefined) {
      send({ type: "start", channels: o.channels, sink: ring });
    } else {
      const port = o.playout.openPort();
      send({ type: "start", channels: o.channels, sink: port }, [port]);
    }
  });
}
