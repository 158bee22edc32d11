import type { WireReader } from "./reader.ts";
import type { VersionProfile } from "./version.ts";
import type { WireWriter } from "./writer.ts";

/**
 * A synchronous, pure codec for one wire structure. `size` must return exactly
 * the number of bytes `write` produces; `read` consumes exactly that many.
 */
export interface Codec<T> {
  size(value: T, p: VersionProfile): number;
  write(w: WireWriter, value: T, p: VersionProfile): void;
  read(r: WireReader, p: VersionProfile): T;
}
