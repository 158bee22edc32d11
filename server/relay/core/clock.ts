/** An opaque timer handle returned by `RelayClock.setTimeout`. */
export type TimerHandle = unknown;

/**
 * The relay's source of time: wall-clock milliseconds (token expiry, cache
 * ages) and timers (hold and drain timeouts). Tests inject a manual one.
 */
export interface RelayClock {
  nowMs(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The runtime's clock and timers. */
export const systemClock: RelayClock = {
  nowMs: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
