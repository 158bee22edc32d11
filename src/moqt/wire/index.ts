// The MoQT wire codec (draft-14 and draft-16): pure, synchronous, no I/O.
export { type AuthToken, AuthTokenAliasType, decodeAuthToken, encodeAuthToken } from "./auth-token.ts";
export {
  type ControlMessage,
  type ControlMessageKind,
  decodeControl,
  encodeControl,
  MAX_CONTROL_PAYLOAD,
} from "./control.ts";
export { CONTROL_MESSAGES } from "./control/registry.ts";
export type { ControlMessageSpec } from "./control/spec.ts";
export { SessionErrorCode, sessionErrorName } from "./error-codes.ts";
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
export { isSupportedVersion, PROFILES, SUPPORTED_VERSIONS, Version, type VersionProfile } from "./version.ts";
export { varintSize, WireWriter } from "./writer.ts";
