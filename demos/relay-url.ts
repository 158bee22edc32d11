// Where the demo finds the relay: `?relay=URL`, else /demos/config.json (written
// by `npm start`, which runs the dev server), else the dev server's default port.
export const DEFAULT_RELAY_URL = "https://127.0.0.1:4443/moq";

export async function relayUrl(): Promise<string> {
  const fromQuery = new URLSearchParams(location.search).get("relay");
  if (fromQuery !== null && fromQuery !== "") return fromQuery;
  try {
    const res = await fetch("/demos/config.json", { cache: "no-store" });
    if (res.ok) {
      const config = (await res.json()) as { relay?: unknown };
      if (typeof config.relay === "string") return config.relay;
    }
  } catch {
    // no config: the default below
  }
  return DEFAULT_RELAY_URL;
}
