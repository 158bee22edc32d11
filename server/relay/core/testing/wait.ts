/** Resolves once `cond()` holds; rejects after `timeoutMs` with `what`. */
export async function until(cond: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Lets pending tasks run. */
export function settle(ms = 10): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
