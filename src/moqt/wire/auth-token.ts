import { WireEncodeError } from "./errors.ts";
import { keyValueFormattingError } from "./key-value.ts";
import { WireReader } from "./reader.ts";
import { varintSize, WireWriter } from "./writer.ts";

/** §"AUTHORIZATION TOKEN": Alias Type code points. */
export const AuthTokenAliasType = {
  DELETE: 0x0,
  REGISTER: 0x1,
  USE_ALIAS: 0x2,
  USE_VALUE: 0x3,
} as const;

/** The Token structure carried in an AUTHORIZATION TOKEN parameter. */
export type AuthToken =
  | { readonly aliasType: "delete"; readonly alias: number }
  | {
      readonly aliasType: "register";
      readonly alias: number;
      readonly tokenType: number;
      readonly value: Uint8Array;
    }
  | { readonly aliasType: "useAlias"; readonly alias: number }
  | { readonly aliasType: "useValue"; readonly tokenType: number; readonly value: Uint8Array };

function tokenSize(t: AuthToken): number {
  switch (t.aliasType) {
    case "delete":
    case "useAlias":
      return 1 + varintSize(t.alias);
    case "register":
      return 1 + varintSize(t.alias) + varintSize(t.tokenType) + t.value.length;
    case "useValue":
      return 1 + varintSize(t.tokenType) + t.value.length;
    default:
      throw new WireEncodeError(
        `unknown auth token alias type ${(t as { aliasType: string }).aliasType}`,
      );
  }
}

/** Serializes a Token to the bytes of an AUTHORIZATION TOKEN parameter value. */
export function encodeAuthToken(t: AuthToken): Uint8Array {
  const w = new WireWriter(tokenSize(t));
  switch (t.aliasType) {
    case "delete":
      w.varint(AuthTokenAliasType.DELETE);
      w.varint(t.alias, "token alias");
      break;
    case "useAlias":
      w.varint(AuthTokenAliasType.USE_ALIAS);
      w.varint(t.alias, "token alias");
      break;
    case "register":
      w.varint(AuthTokenAliasType.REGISTER);
      w.varint(t.alias, "token alias");
      w.varint(t.tokenType, "token type");
      w.bytes(t.value);
      break;
    case "useValue":
      w.varint(AuthTokenAliasType.USE_VALUE);
      w.varint(t.tokenType, "token type");
      w.bytes(t.value);
      break;
  }
  return w.finish("auth token");
}

/**
 * Parses a Token. A structure that cannot be decoded is a KEY_VALUE_FORMATTING_ERROR
 * (§"AUTHORIZATION TOKEN"); `offset` locates the parameter for the error.
 */
export function decodeAuthToken(bytes: Uint8Array, offset = 0): AuthToken {
  const r = new WireReader(bytes);
  try {
    const aliasType = r.varint("alias type");
    let token: AuthToken;
    switch (aliasType) {
      case AuthTokenAliasType.DELETE:
        token = { aliasType: "delete", alias: r.varint("token alias") };
        break;
      case AuthTokenAliasType.USE_ALIAS:
        token = { aliasType: "useAlias", alias: r.varint("token alias") };
        break;
      case AuthTokenAliasType.REGISTER: {
        const alias = r.varint("token alias");
        const tokenType = r.varint("token type");
        token = { aliasType: "register", alias, tokenType, value: r.bytes(r.remaining) };
        break;
      }
      case AuthTokenAliasType.USE_VALUE: {
        const tokenType = r.varint("token type");
        token = { aliasType: "useValue", tokenType, value: r.bytes(r.remaining) };
        break;
      }
      default:
        throw keyValueFormattingError(offset, `unknown auth token alias type ${aliasType}`);
    }
    if (!r.atEnd()) throw keyValueFormattingError(offset + r.pos, "trailing bytes in auth token");
    return token;
  } catch (e) {
    if (e instanceof Error && "failure" in e && e.failure === "truncated") {
      throw keyValueFormattingError(offset, "auth token structure is truncated");
    }
    throw e;
  }
}
