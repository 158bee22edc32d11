/**
 * `@clutchcall/sdk/moqt`: MoQT (Media over QUIC Transport) for the browser.
 * Today: the wire codec for draft-14 and draft-16.
 */
export * from "./client/index.ts";
export * from "./wire/index.ts";
