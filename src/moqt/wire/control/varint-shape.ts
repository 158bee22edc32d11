// Messages whose whole payload is one varint: draft-14/16 §"UNSUBSCRIBE", §"FETCH_CANCEL",
// §"MAX_REQUEST_ID", §"REQUESTS_BLOCKED", and draft-14 §"PUBLISH_NAMESPACE_OK",
// §"SUBSCRIBE_NAMESPACE_OK" (Request ID (i) only).
import { varintSize } from "../writer.ts";
import type { ControlMessageSpec } from "./spec.ts";

/** A message of `kind` carrying one varint field `F`. */
export type VarintShape<K extends string, F extends string> = { readonly kind: K } & {
  readonly [P in F]: number;
};

/** A message of `kind` carrying only a Request ID. */
export type RequestIdShape<K extends string> = VarintShape<K, "requestId">;

/** The spec of a one-varint message; `what` names the field in errors. */
export function varintSpec<K extends string, F extends string>(
  kind: K,
  types: ControlMessageSpec<{ kind: K }>["types"],
  field: F,
  what: string,
): ControlMessageSpec<VarintShape<K, F>> {
  type M = VarintShape<K, F>;
  const value = (m: M): number => (m as { readonly [P in F]: number })[field];
  return {
    // `F` is never "kind", but a generic mapped type cannot say so.
    kind: kind as M["kind"],
    types,
    size: (m) => varintSize(value(m)),
    write: (w, m) => w.varint(value(m), what),
    read: (r) => ({ kind, [field]: r.varint(what) }) as M,
  };
}

export function requestIdSpec<K extends string>(
  kind: K,
  types: ControlMessageSpec<{ kind: K }>["types"],
): ControlMessageSpec<RequestIdShape<K>> {
  return varintSpec(kind, types, "requestId", "request ID");
}
