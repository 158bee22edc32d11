// What a page plays, heard: every node connected to an AudioContext's
// destination is also connected to an AnalyserNode on the same graph (headless
// Chromium mutes the speakers; the graph still runs). `listen` measures the
// level and finds beep onsets, each with the video frame showing at that moment.

const analysers: AnalyserNode[] = [];
const connect = AudioNode.prototype.connect as (this: AudioNode, ...args: unknown[]) => unknown;
AudioNode.prototype.connect = function (this: AudioNode, ...args: unknown[]) {
  const dest = args[0];
  if (dest instanceof AudioDestinationNode) {
    const analyser = this.context.createAnalyser();
    analyser.fftSize = 2048;
    connect.call(this, analyser);
    analysers.push(analyser);
  }
  return connect.apply(this, args);
} as typeof AudioNode.prototype.connect;

/** A beep heard: when (page wall clock) and the time code of the frame showing then. */
export interface Onset {
  readonly atMs: number;
  readonly videoCodeMs: number | undefined;
  /** How long it stayed loud, ms (a beep whose start was lost to a dropout is shorter). */
  readonly loudMs: number;
}

export interface Heard {
  /** RMS of the loudest and the quietest tenth of 10 ms windows. */
  readonly loudRms: number;
  readonly quietRms: number;
  readonly onsets: Onset[];
  readonly sampleRate: number;
  /**
   * Time from a sample's rendering (what the analyser sees) to its output at
   * the speaker, ms: an onset is heard this much after `atMs`.
   */
  readonly outputLagMs: number;
}

/** A sample above this is sound (the beeps are at 0.5). */
const LOUD = 0.05;

/** Listens to the newest tapped context for `durationMs`; `videoCodeMs` reads the frame showing. */
export async function listen(
  durationMs: number,
  videoCodeMs: () => number | undefined,
): Promise<Heard> {
  const analyser = analysers[analysers.length - 1];
  if (analyser === undefined) throw new Error("nothing plays audio in this page");
  const rate = analyser.context.sampleRate;
  const buf = new Float32Array(analyser.fftSize);
  const window = Math.round(rate / 100);
  const rms: number[] = [];
  const onsets: { atMs: number; videoCodeMs: number | undefined; loudMs: number }[] = [];
  let quiet = false;
  const endMs = performance.now() + durationMs;
  while (performance.now() < endMs) {
    analyser.getFloatTimeDomainData(buf);
    const nowMs = Date.now();
    const code = videoCodeMs();
    let sum = 0;
    for (let i = buf.length - window; i < buf.length; i++) sum += buf[i]! * buf[i]!;
    rms.push(Math.sqrt(sum / window));
    const first = buf.findIndex((x) => Math.abs(x) > LOUD);
    let last = buf.length - 1;
    while (last >= 0 && Math.abs(buf[last]!) <= LOUD) last--;
    const onset = onsets[onsets.length - 1];
    if (onset !== undefined && !quiet && last >= 0) {
      onset.loudMs = nowMs - ((buf.length - 1 - last) * 1000) / rate - onset.atMs;
    }
    if (first < 0) quiet = true;
    else if (quiet) {
      quiet = false;
      // Only an onset seen with quiet before it in this buffer is timed.
      if (first > 0) {
        const agoMs = ((buf.length - first) * 1000) / rate;
        onsets.push({
          atMs: nowMs - agoMs,
          videoCodeMs: code === undefined ? undefined : code - agoMs,
          loudMs: 0,
        });
      }
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const ctx = analyser.context as AudioContext;
  const out = ctx.getOutputTimestamp();
  const outputLagMs =
    out.performanceTime !== undefined && out.performanceTime > 0
      ? out.performanceTime + (ctx.currentTime - out.contextTime!) * 1000 - performance.now()
      : (ctx.baseLatency + (ctx.outputLatency || 0)) * 1000;
  rms.sort((a, b) => a - b);
  const tenth = Math.max(1, Math.floor(rms.length / 10));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    loudRms: mean(rms.slice(-tenth)),
    quietRms: mean(rms.slice(0, tenth)),
    onsets,
    sampleRate: rate,
    outputLagMs,
  };
}

/**
 * An audio track of 1 kHz beeps, `beepMs` long, starting on every multiple of
 * `periodMs` of the wall clock (the same clock the canvas time code shows).
 */
export function beepStream(
  periodMs = 1000,
  beepMs = 100,
): { stream: MediaStream; stop: () => void } {
  const ctx = new AudioContext({ sampleRate: 48_000 });
  const osc = ctx.createOscillator();
  osc.frequency.value = 1000;
  const gain = ctx.createGain();
  gain.gain.value = 0;
  const dest = ctx.createMediaStreamDestination();
  osc.connect(gain).connect(dest);
  osc.start();
  let next = Math.ceil((Date.now() + 100) / periodMs) * periodMs;
  const schedule = () => {
    while (next < Date.now() + 600) {
      const at = ctx.currentTime + (next - Date.now()) / 1000;
      if (at > ctx.currentTime) {
        gain.gain.setValueAtTime(0.5, at);
        gain.gain.setValueAtTime(0, at + beepMs / 1000);
      }
      next += periodMs;
    }
  };
  schedule();
  const timer = setInterval(schedule, 200);
  return {
    stream: dest.stream,
    stop: () => {
      clearInterval(timer);
      void ctx.close();
    },
  };
}
