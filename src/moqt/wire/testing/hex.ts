/** Test helpers: hex vectors with comments, and byte comparison. */

/** Parses "20 0a 01 # comment" style hex, one field per line, `#` comments ignored. */
export function hex(text: string): Uint8Array {
  const clean = text
    .split("\n")
    .map((line) => line.replace(/#.*$/, ""))
    .join(" ")
    .replace(/\s+/g, "");
  if (clean.length % 2 !== 0) throw new Error(`odd hex length in ${text}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
