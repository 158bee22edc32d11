// Data plane codec: stream headers, subgroup and fetch stream objects, object datagrams.
export * from "./datagram.ts";
export * from "./extensions.ts";
export * from "./fetch-object.ts";
export * from "./object-status.ts";
export * from "./stream-header.ts";
export * from "./subgroup-object.ts";
export * from "./track-extensions.ts";
