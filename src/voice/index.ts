/**
 * `@clutchcall/sdk/voice`: calls and audio over MoQT tracks
 * `voice/<sid>/{uplink,downlink}` — and the browser softphone.
 */
export * from "./softphone/index.ts";
