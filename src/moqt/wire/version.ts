import { WireEncodeError } from "./errors.ts";

/** MoQT draft versions this codec speaks (draft-14 §"Versions": 0xff000000 + draft number). */
export const Version = {
  DRAFT_14: 0xff00000e,
  DRAFT_16: 0xff000010,
} as const;
export type Version = (typeof Version)[keyof typeof Version];

/** The versions this codec speaks, most preferred first. */
export const SUPPORTED_VERSIONS: readonly Version[] = [Version.DRAFT_16, Version.DRAFT_14];

/**
 * Everything that differs between drafts at the framing level, in one place.
 * Message-level differences live in each message file, keyed by these flags.
 */
export interface VersionProfile {
  readonly version: Version;
  readonly draft: 14 | 16;
  /** draft-16 §"Key-Value-Pair Structure": Key-Value-Pair types are delta-encoded from the previous type. */
  readonly deltaKeyValueTypes: boolean;
  /** draft-14 §"Versions": listed in CLIENT_SETUP; draft-16 §"Session establishment" negotiates by ALPN / WT protocol. */
  readonly versionsInSetup: boolean;
  /** WebTransport protocol (WT-Available-Protocols) or ALPN that selects this version. */
  readonly alpn: string;
}

/** The framing profile of each supported version. */
export const PROFILES: Readonly<Record<Version, VersionProfile>> = {
  [Version.DRAFT_14]: {
    version: Version.DRAFT_14,
    draft: 14,
    deltaKeyValueTypes: false,
    versionsInSetup: true,
    alpn: "moq-00",
  },
  [Version.DRAFT_16]: {
    version: Version.DRAFT_16,
    draft: 16,
    deltaKeyValueTypes: true,
    versionsInSetup: false,
    alpn: "moqt-16",
  },
};

const P14 = PROFILES[Version.DRAFT_14];
const P16 = PROFILES[Version.DRAFT_16];

/** The profile of a version; a comparison, not a keyed lookup, as the data plane calls it per object. */
export function profileOf(version: Version): VersionProfile {
  if (version === Version.DRAFT_16) return P16;
  if (version === Version.DRAFT_14) return P14;
  throw new WireEncodeError(`unsupported MoQT version 0x${Number(version).toString(16)}`);
}

/** True when `version` is a draft this codec speaks. */
export function isSupportedVersion(version: number): version is Version {
  return version === Version.DRAFT_14 || version === Version.DRAFT_16;
}
