// Where the softphone demo places calls: the control plane's address and the
// development org's credentials, from `?api=…&orgId=…&apiKey=…` or from
// /demos/config.json (written by `npm start` from the dev server's ready line).

/** The `new Voice({ … })` options the demo needs besides the relay. */
export interface VoiceConfig {
  readonly api: string;
  readonly orgId: string;
  readonly apiKey: string;
}

const KEYS = ["api", "orgId", "apiKey"] as const;

function complete(o: Record<string, unknown>): VoiceConfig | undefined {
  return KEYS.every((k) => typeof o[k] === "string" && o[k] !== "")
    ? (o as unknown as VoiceConfig)
    : undefined;
}

/** The control plane config, or undefined when neither the query nor `npm start` gives one. */
export async function voiceConfig(): Promise<VoiceConfig | undefined> {
  const query = new URLSearchParams(location.search);
  const fromQuery = complete(Object.fromEntries(KEYS.map((k) => [k, query.get(k)])));
  if (fromQuery !== undefined) return fromQuery;
  try {
    const res = await fetch("/demos/config.json", { cache: "no-store" });
    if (res.ok) return complete((await res.json()) as Record<string, unknown>);
  } catch {
    // no config
  }
  return undefined;
}
