// Where the broadcast demo finds the control plane: `?api=…&apiKey=…&orgId=…`,
// else /demos/config.json (`npm start` writes the dev server's development org
// credentials there; they only ever leave loopback if you publish them).
import { relayUrl } from "../relay-url.ts";

export interface DevConfig {
  /** MoQT endpoint of the dev relay, e.g. https://127.0.0.1:4443/moq. */
  readonly relay: string;
  /** Relay base URL with no path: sessions go through /publish and /playback. */
  readonly relayBase: string;
  readonly api: string | undefined;
  readonly apiKey: string | undefined;
  readonly orgId: string | undefined;
}

async function configJson(): Promise<Record<string, unknown>> {
  try {
    const res = await fetch("/demos/config.json", { cache: "no-store" });
    return res.ok ? ((await res.json()) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function devConfig(): Promise<DevConfig> {
  const q = new URLSearchParams(location.search);
  const file = await configJson();
  const pick = (key: string) =>
    q.get(key) ?? (typeof file[key] === "string" ? (file[key] as string) : undefined);
  const relay = await relayUrl();
  return {
    relay,
    relayBase: new URL(relay).origin,
    api: pick("api"),
    apiKey: pick("apiKey"),
    orgId: pick("orgId"),
  };
}
