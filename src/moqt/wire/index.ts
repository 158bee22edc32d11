// The MoQT wire codec (draft-14 and draft-16): pure, synchronous, no I/O.
export {
  type AuthToken,
  AuthTokenAliasType,
  decodeAuthToken,
  encodeAuthToken,
} from "./auth-token.ts";
export * from "./control/fetch/index.ts";
export * from "./control/namespace/index.ts";
export * from "./control/publish/index.ts";
export { CONTROL_MESSAGES } from "./control/registry.ts";
export * from "./control/session/index.ts";
export type { ControlMessageSpec } from "./control/spec.ts";
export * from "./control/subscribe/index.ts";
export * from "./control/track-status/index.ts";
export {
  type ControlMessage,
  type ControlMessageKind,
  decodeControl,
  encodeControl,
  MAX_CONTROL_PAYLOAD,
} from "./control.ts";
export * from "./data/index.ts";
export { SessionErrorCode, StreamResetCode, sessionErrorName } from "./error-codes.ts";
export { WireDecodeError, type WireDecodeFailure, WireEncodeError } from "./errors.ts";
export { compareLocations, GroupOrder, type Location } from "./fields.ts";
export { type KeyValuePair, MAX_KEY_VALUE_BYTES } from "./key-value.ts";
export { MessageParam, type MessageParameters } from "./message-params.ts";
export {
  bytesEqual,
  MAX_FULL_TRACK_NAME_BYTES,
  MAX_NAMESPACE_FIELDS,
  namespaceFromPath,
  namespaceHasPrefix,
  namespaceToPath,
  type TrackNamespace,
} from "./namespace.ts";
export { WireReader } from "./reader.ts";
export {
  isSupportedVersion,
  PROFILES,
  SUPPORTED_VERSIONS,
  Version,
  type VersionProfile,
} from "./version.ts";
export { varintSize, WireWriter } from "./writer.ts";
