// Bearer tokens travel in URLs (`?jwt=`, `?tok=`, `?sk=`, …) and headers; they
// must never reach an error message, a log line or an event.

/** Query parameters that carry a secret. */
const SECRET_PARAM =
  /([?&#;](?:jwt|tok|token|sk|access_token|auth|authorization|key|secret)=)[^&#\s"']*/gi;
/** An HTTP Authorization value. */
const BEARER = /\b(Bearer\s+)[^\s"',;]+/gi;

/** `text` with every token in it replaced by "[redacted]". */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_PARAM, "$1[redacted]").replace(BEARER, "$1[redacted]");
}
