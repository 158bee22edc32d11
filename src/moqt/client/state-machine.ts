import { type Listener, TypedEmitter } from "../session/emitter.ts";
import type { MoqtClientError } from "./errors.ts";
import { ConnectionState, type StateChange } from "./states.ts";

const S = ConnectionState;

/** The transitions the lifecycle allows; anything else is ignored. */
const NEXT: Readonly<Record<ConnectionState, readonly ConnectionState[]>> = {
  [S.Connecting]: [S.Connected, S.Closed, S.Failed],
  [S.Connected]: [S.Reconnecting, S.Closed, S.Failed],
  [S.Reconnecting]: [S.Connected, S.Closed, S.Failed],
  [S.Closed]: [],
  [S.Failed]: [],
};

/** The client's lifecycle: Connecting → Connected ⇄ Reconnecting, ending Closed or Failed. */
export class ConnectionStateMachine {
  private current: ConnectionState = S.Connecting;
  private failure: MoqtClientError | undefined;
  private readonly events = new TypedEmitter<{ change: StateChange }>();

  /** The current state. */
  get state(): ConnectionState {
    return this.current;
  }

  /** Why the client Failed, once it has. */
  get error(): MoqtClientError | undefined {
    return this.failure;
  }

  /** Closed or Failed. */
  get isFinal(): boolean {
    return this.current === S.Closed || this.current === S.Failed;
  }

  /** Moves to `to` when the lifecycle allows it; returns whether it did. */
  to(to: ConnectionState, error?: MoqtClientError): boolean {
    const previous = this.current;
    if (!NEXT[previous].includes(to)) return false;
    this.current = to;
    if (to === S.Failed) this.failure = error;
    this.events.emit("change", { state: to, previous, ...(error !== undefined && { error }) });
    return true;
  }

  /** Calls `listener` on every transition; returns a function that stops it. */
  onChange(listener: Listener<StateChange>): () => void {
    return this.events.on("change", listener);
  }
}
