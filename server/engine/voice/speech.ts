// Spoken audio for the simulator's prompt number and the `say` agent: espeak-ng
// renders the text, ffmpeg converts it to the leg's 8 kHz 16-bit PCM.
import { LEG_RATE } from "./audio-peer.ts";

/** Where scripts/setup.sh leaves the simulator's pre-rendered prompt. */
export const PROMPT_FILE = new URL("../../../.cache/voice/prompt-8k.s16le", import.meta.url);

/** The words of the prompt number +15550100005. */
export const PROMPT_TEXT =
  "Thank you for calling the ClutchCall test line. This is a recorded prompt.";

/** The pre-rendered prompt, or undefined when setup could not render it. */
export async function loadPrompt(): Promise<Int16Array | undefined> {
  try {
    const bytes = await Deno.readFile(PROMPT_FILE);
    return bytes.length >= 2 ? new Int16Array(bytes.buffer, 0, bytes.length >> 1) : undefined;
  } catch {
    return undefined;
  }
}

/** Renders `text` to 8 kHz PCM with espeak-ng and ffmpeg; undefined when either is missing or fails. */
export async function renderSpeech(text: string): Promise<Int16Array | undefined> {
  try {
    const espeak = new Deno.Command("espeak-ng", {
      args: ["--stdout", text],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const ffmpeg = new Deno.Command("ffmpeg", {
      args: [
        "-v",
        "error",
        "-i",
        "pipe:0",
        "-ac",
        "1",
        "-ar",
        String(LEG_RATE),
        "-f",
        "s16le",
        "pipe:1",
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const [, out, spoken] = await Promise.all([
      espeak.stdout.pipeTo(ffmpeg.stdin),
      ffmpeg.output(),
      espeak.status,
    ]);
    if (!out.success || !spoken.success || out.stdout.length < 2) return undefined;
    const bytes = out.stdout;
    return new Int16Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.length & ~1)),
    );
  } catch {
    return undefined;
  }
}
