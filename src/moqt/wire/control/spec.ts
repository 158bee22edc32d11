import type { WireReader } from "../reader.ts";
import type { VersionProfile } from "../version.ts";
import type { WireWriter } from "../writer.ts";

/**
 * How one control message kind is framed. `types` gives its Message Type in each
 * draft where it exists (draft-14/16 §"Control Messages" table). `size`, `write`
 * and `read` handle the Message Payload only; framing is in `control.ts`.
 */
export interface ControlMessageSpec<M extends { readonly kind: string }> {
  readonly kind: M["kind"];
  readonly types: { readonly 14?: number; readonly 16?: number };
  size(m: M, p: VersionProfile): number;
  write(w: WireWriter, m: M, p: VersionProfile): void;
  read(r: WireReader, p: VersionProfile): M;
}

/** The message type a spec describes. */
export type MessageOf<S> = S extends ControlMessageSpec<infer M> ? M : never;
