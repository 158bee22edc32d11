import { type TransferHandler, transferHandlers } from "comlink";
import { ClutchCallError } from "../errors.ts";
import { CoreError, type CoreErrorCode } from "./errors.ts";

interface SerializedCoreError {
  readonly isError: true;
  readonly coreError: true;
  readonly value: { message: string; name: string; code: string; fatal: boolean };
}

let installed = false;

/**
 * Makes errors thrown across comlink keep their `code` and `fatal` (comlink's
 * default keeps only message, name and stack): a `CoreError` thrown in the
 * worker arrives as a `CoreError`. Other errors pass through unchanged.
 * Must run on both sides; idempotent.
 */
export function installCoreErrorTransfer(): void {
  if (installed) return;
  const original = transferHandlers.get("throw");
  if (original === undefined) return;
  const handler: TransferHandler<unknown, unknown> = {
    canHandle: (value): value is unknown => original.canHandle(value),
    serialize(thrown) {
      const error = (thrown as { value?: unknown }).value;
      if (error instanceof ClutchCallError) {
        const serialized: SerializedCoreError = {
          isError: true,
          coreError: true,
          value: { message: error.message, name: error.name, code: error.code, fatal: error.fatal },
        };
        return [serialized, []];
      }
      return original.serialize(thrown);
    },
    deserialize(serialized) {
      const s = serialized as Partial<SerializedCoreError>;
      if (s.coreError === true && s.value !== undefined) {
        throw new CoreError(s.value.code as CoreErrorCode, s.value.message, {
          fatal: s.value.fatal,
        });
      }
      return original.deserialize(serialized);
    },
  };
  transferHandlers.set("throw", handler);
  installed = true;
}
