// A small, seeded mutator: byte flips and sets, cuts, inserts, duplicated spans and
// random bytes, as a malicious or broken peer would send them.

/** xorshift32: fast and reproducible. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
}

/** Bytes derived from `input` by 1–4 random edits (or, rarely, pure noise). */
export function mutate(input: Uint8Array, rng: Rng): Uint8Array {
  if (rng.below(20) === 0) {
    const noise = new Uint8Array(rng.below(64));
    for (let i = 0; i < noise.length; i++) noise[i] = rng.below(256);
    return noise;
  }
  let b = input.slice();
  for (let edits = 1 + rng.below(4); edits > 0; edits--) {
    const at = rng.below(b.length + 1);
    switch (rng.below(6)) {
      case 0: // flip a bit
        if (b.length > 0) b[at % b.length]! ^= 1 << rng.below(8);
        break;
      case 1: // set a byte, often to a varint-length edge
        if (b.length > 0)
          b[at % b.length] = [0x00, 0x3f, 0x40, 0x7f, 0x80, 0xbf, 0xc0, 0xff][rng.below(8)]!;
        break;
      case 2: // cut
        b = b.slice(0, at);
        break;
      case 3: {
        // insert a random byte
        const out = new Uint8Array(b.length + 1);
        out.set(b.subarray(0, at));
        out[at] = rng.below(256);
        out.set(b.subarray(at), at + 1);
        b = out;
        break;
      }
      case 4: {
        // duplicate a span
        const len = rng.below(Math.min(16, b.length - at) + 1);
        const out = new Uint8Array(b.length + len);
        out.set(b.subarray(0, at + len));
        out.set(b.subarray(at, at + len), at + len);
        out.set(b.subarray(at + len), at + 2 * len);
        b = out;
        break;
      }
      default: // drop a span
        b = new Uint8Array([...b.subarray(0, at), ...b.subarray(at + rng.below(8))]);
    }
  }
  return b;
}
