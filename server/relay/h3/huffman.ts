/**
 * Huffman decoding of QPACK/HPACK string literals (RFC 9204 §4.1.2 uses the
 * code of RFC 7541 Appendix B). The code is canonical: codes of one length
 * are consecutive in symbol order, so the table below holds only each
 * symbol's code length and the codes are rebuilt from it.
 */

/** Code length in bits of symbols 0..255 and EOS (256), RFC 7541 Appendix B. */
// biome-ignore format: one row per 16 symbols
const CODE_LENGTHS: readonly number[] = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, // 0x00
  28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28, // 0x10
  6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, // 0x20 ' ' .. '/'
  5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10, // 0x30 '0' .. '?'
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, // 0x40 '@' .. 'O'
  7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6, // 0x50 'P' .. '_'
  15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, // 0x60 '`' .. 'o'
  6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28, // 0x70 'p' .. 0x7f
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, // 0x80
  24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, // 0x90
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, // 0xa0
  21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, // 0xb0
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, // 0xc0
  19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, // 0xd0
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, // 0xe0
  26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26, // 0xf0
  30, // EOS
];

/** Symbol value of the end-of-string marker. */
const EOS = 256;

/** Canonical code of each symbol, rebuilt from {@link CODE_LENGTHS}. */
export function huffmanCodes(): { code: number; length: number }[] {
  const symbols = CODE_LENGTHS.map((length, symbol) => ({ symbol, length }));
  symbols.sort((a, b) => a.length - b.length || a.symbol - b.symbol);
  const codes = new Array<{ code: number; length: number }>(CODE_LENGTHS.length);
  let code = 0;
  let previous = symbols[0]!.length;
  for (const { symbol, length } of symbols) {
    code *= 2 ** (length - previous);
    previous = length;
    codes[symbol] = { code, length };
    code++;
  }
  return codes;
}

/**
 * Decoding trie: node n has children at `trie[2n]` (bit 0) and `trie[2n+1]`
 * (bit 1); a value >= 0 is a child node, `-1 - symbol` is a leaf, 0 is unset
 * (node 0 is the root, never a child).
 */
const trie: Int32Array = buildTrie();

function buildTrie(): Int32Array {
  const nodes = new Int32Array(2 * 2 * CODE_LENGTHS.length);
  let next = 1;
  huffmanCodes().forEach(({ code, length }, symbol) => {
    let node = 0;
    for (let bit = length - 1; bit >= 0; bit--) {
      const slot = 2 * node + (Math.floor(code / 2 ** bit) & 1);
      if (bit === 0) {
        nodes[slot] = -1 - symbol;
      } else {
        if (nodes[slot] === 0) nodes[slot] = next++;
        node = nodes[slot]!;
      }
    }
  });
  return nodes;
}

/** Thrown for malformed Huffman input (RFC 7541 §5.2). */
export class HuffmanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HuffmanError";
  }
}

/**
 * Decodes a Huffman-coded string literal to bytes. Rejects an EOS symbol,
 * padding longer than 7 bits, and padding that is not all ones (RFC 7541 §5.2).
 */
export function huffmanDecode(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  let node = 0;
  let depth = 0; // bits consumed since the last emitted symbol
  let allOnes = true;
  for (const byte of input) {
    for (let bit = 7; bit >= 0; bit--) {
      const one = (byte >> bit) & 1;
      const next = trie[2 * node + one]!;
      depth++;
      allOnes &&= one === 1;
      if (next < 0) {
        const symbol = -1 - next;
        if (symbol === EOS) throw new HuffmanError("EOS inside a Huffman string");
        out.push(symbol);
        node = 0;
        depth = 0;
        allOnes = true;
      } else if (next === 0) {
        throw new HuffmanError("invalid Huffman code");
      } else {
        node = next;
      }
    }
  }
  if (depth > 7) throw new HuffmanError("Huffman padding longer than 7 bits");
  if (!allOnes) throw new HuffmanError("Huffman padding is not all ones");
  return Uint8Array.from(out);
}
