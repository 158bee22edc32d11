// JSON <-> message objects, with byte strings as {"$utf8": ...} or {"$hex": ...}.

const DECODER = new TextDecoder("utf-8", { fatal: true });
const ENCODER = new TextEncoder();

function isPrintable(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (v instanceof Uint8Array) {
        try {
          const text = DECODER.decode(v);
          if (isPrintable(text)) return { $utf8: text };
        } catch {
          // not UTF-8: fall through to hex
        }
        return { $hex: Array.from(v, (b) => b.toString(16).padStart(2, "0")).join("") };
      }
      return v;
    },
    2,
  );
}

export function fromJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o.$utf8 === "string") return ENCODER.encode(o.$utf8);
      if (typeof o.$hex === "string") return hexToBytes(o.$hex);
    }
    return v;
  });
}

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-fA-F]/g, "");
  if (clean.length % 2 !== 0) throw new Error("hex needs an even number of digits");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  const rows: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = Array.from(bytes.subarray(i, i + 16), (b) => b.toString(16).padStart(2, "0"));
    rows.push(row.join(" "));
  }
  return rows.join("\n");
}
