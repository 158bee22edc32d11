// The page side of the playout worklet: loads the module, hands it a ring
// (SharedArrayBuffer when the page is cross-origin isolated, its own ring fed
// by postMessage otherwise), and proves the shared ring really is shared —
// without COOP/COEP on the worklet script nothing would flow and nothing
// would fail, so a missing handshake becomes a typed error.
import { SoftphoneError, SoftphoneErrorCode } from "./errors.ts";
import type { JitterPolicy } from "./jitter.ts";
import type { PlayoutStats } from "./playout-engine.ts";
import {
  PLAYOUT_PROCESSOR_NAME,
  type PlayoutCommand,
  type PlayoutMessage,
  type PlayoutProcessorOptions,
} from "./playout-messages.ts";
import { HANDSHAKE_SLOT, RING_HANDSHAKE, ringBytes, ringCapacity, SampleRing } from "./ring.ts";

/** How decoded audio reaches the worklet: "auto" picks "shared" when the page is cross-origin isolated. */
export type PlayoutTransport = "auto" | "shared" | "message";

/** Seconds of audio the ring holds. */
const RING_SECONDS = 2;
/** Longest wait for the processor's first message. */
const READY_TIMEOUT_MS = 3_000;

const ISOLATION_HELP =
  "serve the page AND every worker/worklet script with " +
  "Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy: require-corp " +
  "and Cross-Origin-Resource-Policy: same-origin (or use transport: 'message')";

/** Whether this page may share memory with its worklets. */
export function isCrossOriginIsolated(): boolean {
  return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === "function";
}

/** Options of {@link PlayoutNode.create}. */
export interface PlayoutNodeOptions {
  readonly workletUrl: string | URL;
  readonly inputRate: number;
  readonly policy: JitterPolicy;
  readonly transport: PlayoutTransport;
}

/** The playout worklet node and the page's end of its ring. */
export class PlayoutNode {
  #stats: PlayoutStats;
  #closed = false;

  private constructor(
    readonly node: AudioWorkletNode,
    /** The shared ring, or undefined with the postMessage transport. */
    private readonly ring: SampleRing | undefined,
    private readonly inputRate: number,
    policy: JitterPolicy,
  ) {
    this.#stats = {
      bufferMs: 0,
      targetMs: policy.initialTargetMs,
      underruns: 0,
      concealedMs: 0,
      droppedMs: 0,
      rate: 1,
      playedMs: 0,
    };
  }

  /** Loads the worklet module into `context` and starts its processor. */
  static async create(context: BaseAudioContext, o: PlayoutNodeOptions): Promise<PlayoutNode> {
    const shared = o.transport === "shared" || (o.transport === "auto" && isCrossOriginIsolated());
    if (shared && !isCrossOriginIsolated()) {
      throw new SoftphoneError(
        SoftphoneErrorCode.CrossOriginIsolation,
        `transport "shared" needs a cross-origin isolated page: ${ISOLATION_HELP}`,
      );
    }
    try {
      await context.audioWorklet.addModule(o.workletUrl);
    } catch (cause) {
      throw new SoftphoneError(
        SoftphoneErrorCode.Worklet,
        `cannot load the playout worklet from ${String(o.workletUrl)}: ${String(cause)}`,
        { fatal: true, cause },
      );
    }
    const capacity = ringCapacity(o.inputRate * RING_SECONDS);
    const ring = shared ? new SampleRing(new SharedArrayBuffer(ringBytes(capacity))) : undefined;
    const processorOptions: PlayoutProcessorOptions = {
      inputRate: o.inputRate,
      policy: o.policy,
      ring: ring === undefined ? capacity : (ring.buffer as SharedArrayBuffer),
    };
    const node = new AudioWorkletNode(context, PLAYOUT_PROCESSOR_NAME, {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions,
    });
    const playout = new PlayoutNode(node, ring, o.inputRate, o.policy);
    await playout.#started(o.workletUrl);
    return playout;
  }

  /** True with the SharedArrayBuffer transport. */
  get shared(): boolean {
    return this.ring !== undefined;
  }

  /** The processor's latest counters (refreshed every 50 ms while it plays). */
  get stats(): PlayoutStats {
    if (this.ring === undefined) return this.#stats;
    return { ...this.#stats, bufferMs: (this.ring.available * 1000) / this.inputRate };
  }

  /** The shared ring's memory, for a decoder worker to write into. */
  get sharedRing(): SharedArrayBuffer | undefined {
    return this.ring?.buffer as SharedArrayBuffer | undefined;
  }

  /** Queues decoded mono samples for playout (samples the ring has no room for count as dropped). */
  write(samples: Float32Array): void {
    if (this.#closed) return;
    if (this.ring !== undefined) {
      const lost = samples.length - this.ring.write(samples);
      if (lost > 0) this.noteOverflow(lost);
    } else {
      this.#command({ type: "samples", samples }, [samples.buffer as ArrayBuffer]);
    }
  }

  /** postMessage transport: a port on which another thread posts "samples" to the processor. */
  openPort(): MessagePort {
    const channel = new MessageChannel();
    this.#command({ type: "port", port: channel.port1 }, [channel.port1]);
    return channel.port2;
  }

  /** Counts samples another thread could not fit into the shared ring. */
  noteOverflow(samples: number): void {
    if (!this.#closed) this.#command({ type: "overflow", samples });
  }

  /** Stops the processor and disconnects the node. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#command({ type: "close" });
    this.node.port.onmessage = null;
    this.node.disconnect();
  }

  #command(command: PlayoutCommand, transfer: Transferable[] = []): void {
    this.node.port.postMessage(command, transfer);
  }

  /** Waits for "ready", then checks the shared-ring handshake. */
  #started(url: string | URL): Promise<void> {
    return new Promise((resolve, reject) => {
      const fail = (code: SoftphoneErrorCode, message: string) => {
        clearTimeout(timer);
        this.close();
        reject(new SoftphoneError(code, message, { fatal: true }));
      };
      const timer = setTimeout(() => {
        if (this.shared) {
          fail(
            SoftphoneErrorCode.CrossOriginIsolation,
            `the playout worklet (${String(url)}) never answered over its shared ring: ${ISOLATION_HELP}`,
          );
        } else {
          fail(SoftphoneErrorCode.Worklet, `the playout worklet (${String(url)}) never started`);
        }
      }, READY_TIMEOUT_MS);
      this.node.port.onmessage = (event: MessageEvent<PlayoutMessage>) => {
        const m = event.data;
        if (m.type === "stats") {
          this.#stats = m.stats;
        } else if (m.type === "error") {
          fail(SoftphoneErrorCode.Worklet, `the playout worklet failed: ${m.message}`);
        } else if (m.type === "ready") {
          clearTimeout(timer);
          const ring = this.ring;
          if (ring !== undefined && Atomics.load(ring.header, HANDSHAKE_SLOT) !== RING_HANDSHAKE) {
            fail(
              SoftphoneErrorCode.CrossOriginIsolation,
              `the playout worklet (${String(url)}) got a copy of the ring, not shared memory: ${ISOLATION_HELP}`,
            );
          } else {
            resolve();
          }
        }
      };
    });
  }
}
