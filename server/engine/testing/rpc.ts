// Calls the dev server's tRPC procedures over HTTP with its development API key.
import type { ServerProcess } from "../../tests/process.ts";

/** Calls `path`; throws with the tRPC error when it fails. */
export async function rpc<T>(
  server: ServerProcess,
  kind: "query" | "mutation",
  path: string,
  input: unknown,
): Promise<T> {
  const { api, apiKey } = server.ready;
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
  const url = new URL(`${api}/trpc/${path}`);
  if (kind === "query") url.searchParams.set("input", JSON.stringify(input));
  const res = await fetch(url, {
    headers,
    ...(kind === "mutation" && { method: "POST", body: JSON.stringify(input) }),
  });
  const body = await res.json();
  if (body.error !== undefined) throw new Error(JSON.stringify(body.error));
  return body.result.data as T;
}
