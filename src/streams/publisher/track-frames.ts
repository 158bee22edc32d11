// Raw frames of a MediaStreamTrack, through MediaStreamTrackProcessor (main thread only).

interface TrackProcessor<T> {
  readonly readable: ReadableStream<T>;
}
type TrackProcessorConstructor = new <T>(init: { track: MediaStreamTrack }) => TrackProcessor<T>;

/** The MediaStreamTrackProcessor constructor, when this browser has one. */
export function trackProcessor(): TrackProcessorConstructor | undefined {
  return (globalThis as { MediaStreamTrackProcessor?: TrackProcessorConstructor })
    .MediaStreamTrackProcessor;
}

/**
 * Reads every frame of `track` into `onFrame` (which owns and must close it)
 * until the track ends or `signal` aborts.
 */
export async function pumpFrames<T extends VideoFrame | AudioData>(
  track: MediaStreamTrack,
  onFrame: (frame: T) => void,
  signal: AbortSignal,
): Promise<void> {
  const Processor = trackProcessor()!;
  const reader = new Processor<T>({ track }).readable.getReader();
  const stop = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener("abort", stop, { once: true });
  try {
    while (!signal.aborted) {
      const { value, done } = await reader.read();
      if (done) break;
      if (signal.aborted) value.close();
      else onFrame(value);
    }
  } finally {
    signal.removeEventListener("abort", stop);
    reader.releaseLock();
  }
}
