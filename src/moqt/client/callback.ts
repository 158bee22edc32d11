/**
 * Runs an application callback; an exception it throws is reported (the
 * browser's `reportError`, else `console.error`) instead of breaking delivery.
 */
export function invokeCallback(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
    if (report !== undefined) report(e);
    else console.error("MoqtClient callback failed:", e);
  }
}
