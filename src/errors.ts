import { redactSecrets } from "./redact.ts";

/**
 * Base class of every error the SDK throws. `code` is a stable machine-readable
 * reason; `fatal` says whether the object that threw can still be used. Tokens
 * in the message (URL query parameters such as `?jwt=`, bearer values) are redacted.
 */
export class ClutchCallError extends Error {
  readonly code: string;
  readonly fatal: boolean;

  constructor(code: string, message: string, options: { fatal?: boolean; cause?: unknown } = {}) {
    super(
      redactSecrets(message),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.code = code;
    this.fatal = options.fatal ?? false;
  }
}
