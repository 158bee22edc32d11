// Browser harness for tests/core.spec.ts: runs the WASM core on the main thread,
// in a worker through comlink and in an AudioWorklet, and reports plain numbers.

import {
  type CaptureProcessorMessage,
  type CaptureProcessorOptions,
  CoreError,
  createCaptureNode,
  loadCore,
  loadCoreWorker,
} from "../../src/core/index.ts";
import { mulawDecodeReference, mulawEncodeReference } from "../../src/core/reference/g711.ts";
import { speechLike } from "../../src/core/testing/signals.ts";
import wasmUrl from "../../wasm/build/core.wasm?url";

const QUANTUM = 128;

function testSignal(rate: number, seconds: number): Float32Array {
  const n = rate * seconds;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++)
    x[i] =
      0.4 * Math.sin((2 * Math.PI * 440 * i) / rate) +
      0.2 * Math.sin((2 * Math.PI * 1700 * i) / rate);
  return x;
}

const equal = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);

async function mainThread() {
  const core = await loadCore(wasmUrl);
  const codec = core.createG711Codec({ law: "mulaw", frameSamples: 65536 });
  for (let i = 0; i < 65536; i++) codec.pcm[i] = i - 32768;
  codec.encodeFrame();
  let encodeMismatches = 0;
  for (let i = 0; i < 65536; i++)
    if (codec.codes[i] !== mulawEncodeReference(i - 32768)) encodeMismatches++;
  let decodeMismatches = 0;
  const decoded = codec.decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  for (let i = 0; i < 256; i++) if (decoded[i] !== mulawDecodeReference(i)) decodeMismatches++;
  const resampler = core.createResampler({ inputRate: 48000, outputRate: 16000 });
  const resampled = resampler.process(testSignal(48000, 1));
  let oddError = "";
  try {
    codec.encode(new Uint8Array(3));
  } catch (error) {
    oddError = error instanceof CoreError ? error.code : String(error);
  }
  core.close();
  return { encodeMismatches, decodeMismatches, resampledLength: resampled.length, oddError };
}

async function inWorker() {
  const local = await loadCore(wasmUrl);
  const { core, close } = await loadCoreWorker({ wasm: wasmUrl });
  const pcm = Int16Array.from({ length: 4000 }, (_, i) => Math.round(30000 * Math.sin(i / 9)));
  const remoteCodec = await core.createG711Codec({ law: "alaw" });
  const remoteCodes = await remoteCodec.encode(pcm);
  const localCodes = local.createG711Codec({ law: "alaw" }).encode(pcm);
  const speech = speechLike(16000, 32000, -40, 4);
  const remoteAgc = await core.createAgc({ sampleRate: 16000 });
  const remoteOut = await remoteAgc.process(speech);
  const remoteGainDb = await remoteAgc.gainDb;
  const localOut = local.createAgc({ sampleRate: 16000 }).process(speech);
  const remoteResampler = await core.createResampler({ inputRate: 16000, outputRate: 48000 });
  const up = await remoteResampler.process(speech);
  let oddError = "";
  let oddIsCoreError = false;
  try {
    await remoteCodec.encode(new Uint8Array(5));
  } catch (error) {
    oddIsCoreError = error instanceof CoreError;
    oddError = error instanceof CoreError ? error.code : String(error);
  }
  await remoteCodec.free();
  let freedError = "";
  try {
    await remoteCodec.encode(pcm);
  } catch (error) {
    freedError = error instanceof CoreError ? error.code : String(error);
  }
  await close();
  local.close();
  return {
    codesEqual: equal(remoteCodes, localCodes),
    agcEqual: equal(remoteOut, localOut),
    remoteGainDb,
    upsampledLength: up.length,
    oddError,
    oddIsCoreError,
    freedError,
  };
}

/** Renders `input` through the capture processor offline; returns frames and output. */
async function renderCapture(input: Float32Array, options: Omit<CaptureProcessorOptions, "wasm">) {
  const rate = 48000;
  const context = new OfflineAudioContext(1, input.length, rate);
  const buffer = context.createBuffer(1, input.length, rate);
  buffer.copyToChannel(input as Float32Array<ArrayBuffer>, 0);
  const source = context.createBufferSource();
  source.buffer = buffer;
  const node = await createCaptureNode(context, {
    ...options,
    moduleUrl: "/worklets/core-capture.ts",
    wasm: wasmUrl,
  });
  const frames: Uint8Array[] = [];
  const gains: number[] = [];
  const errors: string[] = [];
  let ready = false;
  node.port.onmessage = (event: MessageEvent<CaptureProcessorMessage>) => {
    const m = event.data;
    if (m.type === "frame") {
      frames[m.sequence] = m.codes;
      gains[m.sequence] = m.gainDb;
    } else if (m.type === "ready") ready = true;
    else errors.push(`${m.code}: ${m.message}`);
  };
  source.connect(node).connect(context.destination);
  source.start();
  const rendered = await context.startRendering();
  const expectedFrames = Math.floor(
    ((input.length / rate) * (options.codecRate ?? 8000)) /
      (((options.frameMs ?? 20) * (options.codecRate ?? 8000)) / 1000),
  );
  for (let wait = 0; wait < 100 && frames.filter(Boolean).length < expectedFrames; wait++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return { frames, gains, errors, ready, output: rendered.getChannelData(0), expectedFrames };
}

async function inWorklet() {
  const rate = 48000;
  const input = testSignal(rate, 2);
  const capture = await renderCapture(input, {
    law: "mulaw",
    codecRate: 8000,
    frameMs: 20,
    agc: false,
  });
  // The same chain on the main thread, in the worklet's 128-sample quanta.
  const core = await loadCore(wasmUrl);
  const resampler = core.createResampler({
    inputRate: rate,
    outputRate: 8000,
    maxInputSamples: QUANTUM,
  });
  const codec = core.createG711Codec({ law: "mulaw", frameSamples: 160 });
  const resampled = resampler.process(input);
  const expected: Uint8Array[] = [];
  for (let at = 0; at + 160 <= resampled.length; at += 160) {
    codec.float.set(resampled.subarray(at, at + 160));
    codec.encodeFloatFrame();
    expected.push(codec.codes.slice());
  }
  let framesEqual = capture.frames.length === expected.length;
  for (let i = 0; i < expected.length; i++)
    framesEqual &&= equal(capture.frames[i] ?? [], expected[i] ?? []);
  const passthrough = equal(capture.output, input);

  // AGC on: quiet speech is brought up; compare with the main-thread AGC in quanta.
  const speech = speechLike(rate, rate * 8, -40, 6);
  const agcCapture = await renderCapture(speech, { law: "alaw", codecRate: 16000, frameMs: 20 });
  const agc = core.createAgc({ sampleRate: rate, maxFrameSamples: QUANTUM });
  const agcLocal = new Float32Array(speech.length);
  for (let at = 0; at < speech.length; at += QUANTUM) {
    agc.frame.set(speech.subarray(at, at + QUANTUM));
    agc.processFrame();
    agcLocal.set(agc.frame, at);
  }
  let tail = 0;
  let count = 0;
  for (let i = rate * 6; i < speech.length; i++) {
    if (Math.abs(speech[i] ?? 0) > 1e-4) {
      tail += (agcCapture.output[i] ?? 0) ** 2;
      count++;
    }
  }
  core.close();
  return {
    ready: capture.ready,
    errors: [...capture.errors, ...agcCapture.errors],
    frameCount: capture.frames.filter(Boolean).length,
    expectedFrames: capture.expectedFrames,
    framesEqual,
    passthrough,
    agcFrameCount: agcCapture.frames.filter(Boolean).length,
    agcFrameBytes: agcCapture.frames[0]?.length ?? 0,
    agcOutputEqualsMainThread: equal(agcCapture.output, agcLocal),
    agcFinalGainDb: agcCapture.gains[agcCapture.gains.length - 1] ?? Number.NaN,
    agcTailLevelDbfs: 10 * Math.log10(tail / Math.max(1, count)),
  };
}

/** What tests/core.spec.ts calls through page.evaluate. */
export const coreHarness = { mainThread, inWorker, inWorklet };
export type CoreHarness = typeof coreHarness;

(globalThis as unknown as { coreHarness: CoreHarness }).coreHarness = coreHarness;
