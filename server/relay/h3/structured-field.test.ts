import assert from "node:assert/strict";
import {
  parseList,
  parseProtocolList,
  StructuredFieldError,
  serializeString,
} from "./structured-field.ts";

Deno.test("structured field: protocol lists as browsers send them", () => {
  assert.deepEqual(parseProtocolList('"moqt-16", "moq-00"'), ["moqt-16", "moq-00"]);
  assert.deepEqual(parseProtocolList('"moqt-16","moq-00"'), ["moqt-16", "moq-00"]);
  assert.deepEqual(parseProtocolList('  "a" ,\t"b"'), ["a", "b"]);
  assert.deepEqual(parseProtocolList(""), []);
  assert.deepEqual(parseProtocolList('"with \\"quote\\" and \\\\"'), ['with "quote" and \\']);
  assert.deepEqual(parseProtocolList('"a";q=1;x, "b";y=?0'), ["a", "b"]); // parameters ignored
});

Deno.test("structured field: any non-string member or syntax error voids the field", () => {
  assert.equal(parseProtocolList('"moqt-16", moq-00'), undefined); // token
  assert.equal(parseProtocolList('"a", 1'), undefined); // integer
  assert.equal(parseProtocolList('("a" "b")'), undefined); // inner list
  assert.equal(parseProtocolList('"a", :AQID:'), undefined); // byte sequence
  assert.equal(parseProtocolList('"a", ?1'), undefined); // boolean
  assert.equal(parseProtocolList('"unterminated'), undefined);
  assert.equal(parseProtocolList('"a",'), undefined); // trailing comma
  assert.equal(parseProtocolList('"a" "b"'), undefined); // missing comma
  assert.equal(parseProtocolList('"bad \\n escape"'), undefined);
  assert.equal(parseProtocolList('"caf\u00e9"'), undefined); // non-ASCII in a String
});

Deno.test("structured field: list member types (RFC 9651 §4.2)", () => {
  const types = parseList('"s", tok/en*, -12, 3.25, :aGk=:, ?0, @1700000000, %"x", ("a" 1);p').map(
    (item) => item.type,
  );
  assert.deepEqual(types, [
    "string",
    "token",
    "integer",
    "decimal",
    "bytes",
    "boolean",
    "date",
    "display-string",
    "inner-list",
  ]);
  assert.throws(() => parseList("1234567890123456"), StructuredFieldError); // 16 digits
});

Deno.test("structured field: String serialization (RFC 9651 §4.1.6)", () => {
  assert.equal(serializeString("moqt-16"), '"moqt-16"');
  assert.equal(serializeString('a"b\\c'), '"a\\"b\\\\c"');
  assert.throws(() => serializeString("\u00e9"), StructuredFieldError);
  assert.deepEqual(parseProtocolList(serializeString('x"y')), ['x"y']);
});
