/**
 * Reports an exception thrown by application code the session called back
 * (an event listener, a close callback). It is logged rather than rethrown: a
 * rethrow would crash a Deno relay serving every other session.
 */
export function reportListenerError(error: unknown): void {
  console.error("MoqT session callback failed:", error);
}
