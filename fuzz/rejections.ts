// Unhandled promise rejections, the fuzz targets' third kind of finding (with
// crashes and hangs): those of this process (the in-process session layer, the
// fuzzer's own clients) by an `unhandledrejection` listener, and those of a relay
// process by its `process.unhandled_rejection` / `process.uncaught_exception` log
// lines.
import type { ServerProcess } from "../server/tests/process.ts";

const RELAY_FAULTS = ["process.unhandled_rejection", "process.uncaught_exception"];

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  return typeof reason === "string" ? reason : JSON.stringify(reason);
}

/** Counts this process's unhandled rejections from `start()` to `stop()`; they are kept from ending it. */
export class RejectionCounter {
  readonly reasons: string[] = [];
  readonly #listener = (e: PromiseRejectionEvent) => {
    e.preventDefault();
    this.reasons.push(describeReason(e.reason));
  };

  start(): this {
    globalThis.addEventListener("unhandledrejection", this.#listener);
    return this;
  }

  stop(): void {
    globalThis.removeEventListener("unhandledrejection", this.#listener);
  }
}

/**
 * Watches a relay process and this process for unhandled rejections (and the
 * relay for uncaught exceptions); `take()` returns those since its last call.
 */
export class FaultWatch {
  readonly #server: ServerProcess;
  readonly #local = new RejectionCounter().start();
  #relaySeen = 0;
  #localSeen = 0;

  constructor(server: ServerProcess) {
    this.#server = server;
  }

  /** New faults as problem lines (one per distinct fault, with its count), and their number. */
  take(): { readonly count: number; readonly problems: string[] } {
    const relay = this.#server.logs
      .filter((r) => RELAY_FAULTS.includes(r.event))
      .map((r) => `relay ${r.event}: ${describeReason(r.error)}`);
    const added = [
      ...relay.slice(this.#relaySeen),
      ...this.#local.reasons.slice(this.#localSeen).map((r) => `fuzzer unhandled rejection: ${r}`),
    ];
    this.#relaySeen = relay.length;
    this.#localSeen = this.#local.reasons.length;
    const problems = [...Map.groupBy(added, (f) => f)].map(([f, l]) => `${l.length} × ${f}`);
    return { count: added.length, problems };
  }

  stop(): void {
    this.#local.stop();
  }
}
