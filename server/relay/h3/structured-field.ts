/**
 * The parts of Structured Field Values (RFC 9651) that WebTransport protocol
 * negotiation needs: parsing a List (§4.2.1) and serializing a String Item
 * (§4.1.6). Inner lists, tokens, numbers, byte sequences, booleans, dates and
 * display strings are parsed so the whole field can be judged.
 */

/** A parsed bare item, tagged by type. Only `string` carries its value. */
export type BareItem =
  | { readonly type: "string"; readonly value: string }
  | {
      readonly type:
        | "token"
        | "integer"
        | "decimal"
        | "bytes"
        | "boolean"
        | "date"
        | "display-string";
    }
  | { readonly type: "inner-list" };

/** Thrown when a field is not a valid Structured Field List. */
export class StructuredFieldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StructuredFieldError";
  }
}

class Parser {
  i = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.i >= this.text.length;
  }

  peek(): string {
    return this.text[this.i] ?? "";
  }

  fail(what: string): never {
    throw new StructuredFieldError(`${what} at ${this.i}`);
  }

  skipSpaces(): void {
    while (this.peek() === " ") this.i++;
  }

  skipOws(): void {
    while (this.peek() === " " || this.peek() === "\t") this.i++;
  }

  /** RFC 9651 §4.2.3.1 */
  bareItem(): BareItem {
    const c = this.peek();
    if (c === '"') return { type: "string", value: this.string() };
    if (c === "-" || isDigit(c)) return this.number();
    if (c === "*" || isAlpha(c)) {
      this.i++;
      while (/[A-Za-z0-9!#$%&'*+\-.^_`|~:/]/.test(this.peek()) && !this.done) this.i++;
      return { type: "token" };
    }
    if (c === ":") {
      const end = this.text.indexOf(":", this.i + 1);
      if (end < 0 || !/^[A-Za-z0-9+/=]*$/.test(this.text.slice(this.i + 1, end))) {
        this.fail("bad byte sequence");
      }
      this.i = end + 1;
      return { type: "bytes" };
    }
    if (c === "?") {
      this.i++;
      if (this.peek() !== "0" && this.peek() !== "1") this.fail("bad boolean");
      this.i++;
      return { type: "boolean" };
    }
    if (c === "@") {
      this.i++;
      if (this.number().type !== "integer") this.fail("bad date");
      return { type: "date" };
    }
    if (c === "%") {
      this.i++;
      if (this.peek() !== '"') this.fail("bad display string");
      const end = this.text.indexOf('"', this.i + 1);
      if (end < 0) this.fail("unterminated display string");
      this.i = end + 1;
      return { type: "display-string" };
    }
    return this.fail("unexpected character");
  }

  /** RFC 9651 §4.2.5 */
  string(): string {
    this.i++; // opening DQUOTE
    let out = "";
    for (;;) {
      if (this.done) this.fail("unterminated string");
      const c = this.text[this.i++]!;
      if (c === "\\") {
        const next = this.text[this.i++];
        if (next !== '"' && next !== "\\") this.fail("bad escape");
        out += next;
      } else if (c === '"') {
        return out;
      } else {
        const code = c.charCodeAt(0);
        if (code < 0x20 || code > 0x7e) this.fail("bad string character");
        out += c;
      }
    }
  }

  /** RFC 9651 §4.2.4 */
  number(): BareItem {
    const match = /^-?(\d{1,15})(\.\d{1,3})?/.exec(this.text.slice(this.i));
    if (!match) return this.fail("bad number");
    if (match[2] && match[1]!.length > 12) this.fail("decimal too long");
    this.i += match[0].length;
    return { type: match[2] ? "decimal" : "integer" };
  }

  /** RFC 9651 §4.2.3.2: parameters are parsed and ignored. */
  parameters(): void {
    while (this.peek() === ";") {
      this.i++;
      this.skipSpaces();
      if (!/[a-z*]/.test(this.peek())) this.fail("bad parameter key");
      while (/[a-z0-9_\-.*]/.test(this.peek()) && !this.done) this.i++;
      if (this.peek() === "=") {
        this.i++;
        this.bareItem();
      }
    }
  }

  /** RFC 9651 §4.2.1.2 */
  innerList(): BareItem {
    this.i++; // "("
    for (;;) {
      this.skipSpaces();
      if (this.peek() === ")") {
        this.i++;
        this.parameters();
        return { type: "inner-list" };
      }
      if (this.done) this.fail("unterminated inner list");
      this.bareItem();
      this.parameters();
      if (this.peek() !== " " && this.peek() !== ")") this.fail("bad inner list");
    }
  }
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

function isAlpha(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
}

/** Parses a Structured Field List (RFC 9651 §4.2.1); parameters are dropped. */
export function parseList(field: string): BareItem[] {
  const parser = new Parser(field);
  const items: BareItem[] = [];
  parser.skipSpaces(); // §4.2: discard leading SP
  while (!parser.done) {
    items.push(parser.peek() === "(" ? parser.innerList() : parser.bareItem());
    parser.parameters();
    parser.skipOws();
    if (parser.done) break;
    if (parser.peek() !== ",") parser.fail("expected comma");
    parser.i++;
    parser.skipOws();
    if (parser.done) parser.fail("trailing comma");
  }
  return items;
}

/**
 * Reads a `WT-Available-Protocols` value (draft-ietf-webtrans-http3 §3.3):
 * a List of Strings. Returns `undefined` when the field is malformed or holds
 * any non-String member, since such a field is ignored as a whole.
 */
export function parseProtocolList(field: string): string[] | undefined {
  let items: BareItem[];
  try {
    items = parseList(field);
  } catch {
    return undefined;
  }
  const protocols: string[] = [];
  for (const item of items) {
    if (item.type !== "string") return undefined;
    protocols.push(item.value);
  }
  return protocols;
}

/** Serializes a String Item (RFC 9651 §4.1.6), e.g. for `WT-Protocol`. */
export function serializeString(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) throw new StructuredFieldError("non-ASCII string");
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
