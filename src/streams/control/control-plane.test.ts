import { describe, expect, it } from "vitest";
import { StreamsError, StreamsErrorCode } from "../errors.ts";
import { ControlPlane } from "./control-plane.ts";

type Reply = Response | Error;

/** A fetch answering from a script and recording the requests. */
function scripted(replies: Reply[]) {
  const requests: { url: string; method: string; headers: Record<string, string>; body: string }[] =
    [];
  const fetch = async (url: string | URL | Request, init: RequestInit = {}) => {
    requests.push({
      url: String(url),
      method: init.method ?? "GET",
      headers: init.headers as Record<string, string>,
      body: String(init.body ?? ""),
    });
    const next = replies.shift();
    if (next === undefined) throw new Error("no more replies");
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const ok = (data: unknown) => json(200, { result: { data } });
const unavailable = () =>
  json(503, {
    error: { message: "busy", data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 503 } },
  });

function plane(fetch: typeof globalThis.fetch, retries = 2) {
  return new ControlPlane({
    baseUrl: "https://api.example/",
    apiKey: "cck_k",
    orgId: "org_a",
    fetch,
    retry: { retries, baseDelayMs: 1 },
  });
}

describe("ControlPlane", () => {
  it("sends queries as GET ?input= and mutations as POST JSON, with the bearer key and org", async () => {
    const s = scripted([ok({ id: "li_1" }), ok({ done: true })]);
    const api = plane(s.fetch);
    expect(await api.query("liveInputs.get", { id: "li_1" })).toEqual({ id: "li_1" });
    expect(await api.mutation("liveInputs.create", { name: "n", ingest: "fmp4" })).toEqual({
      done: true,
    });
    const [get, post] = s.requests;
    expect(get!.url).toBe(
      `https://api.example/trpc/liveInputs.get?input=${encodeURIComponent('{"id":"li_1"}')}`,
    );
    expect(get!.method).toBe("GET");
    expect(get!.headers.authorization).toBe("Bearer cck_k");
    expect(get!.headers["x-clutchcall-org"]).toBe("org_a");
    expect(post!.url).toBe("https://api.example/trpc/liveInputs.create");
    expect(post!.method).toBe("POST");
    expect(JSON.parse(post!.body)).toEqual({ name: "n", ingest: "fmp4" });
  });

  it("retries idempotent reads after 5xx and network failures, up to the policy", async () => {
    const s = scripted([unavailable(), new TypeError("connection refused"), ok([1])]);
    expect(await plane(s.fetch).query("liveInputs.list", undefined)).toEqual([1]);
    expect(s.requests).toHaveLength(3);
    const exhausted = scripted([unavailable(), unavailable(), unavailable()]);
    await expect(plane(exhausted.fetch).query("liveInputs.list", undefined)).rejects.toMatchObject({
      code: StreamsErrorCode.SERVER,
      status: 503,
    });
    expect(exhausted.requests).toHaveLength(3);
  });

  it("never retries a mutation", async () => {
    const s = scripted([unavailable(), ok({})]);
    await expect(plane(s.fetch).mutation("liveInputs.create", {})).rejects.toMatchObject({
      code: StreamsErrorCode.SERVER,
    });
    const net = scripted([new TypeError("reset"), ok({})]);
    await expect(plane(net.fetch).mutation("liveInputs.create", {})).rejects.toMatchObject({
      code: StreamsErrorCode.NETWORK,
    });
    expect(s.requests).toHaveLength(1);
    expect(net.requests).toHaveLength(1);
  });

  it("does not retry refusals, and maps them to typed errors with the server's reason and fields", async () => {
    const s = scripted([
      json(400, {
        error: {
          message: "invalid input: name: must not be empty",
          data: {
            code: "BAD_REQUEST",
            httpStatus: 400,
            reason: "validation",
            fields: { name: ["must not be empty"] },
          },
        },
      }),
      json(401, {
        error: {
          message: "API key unknown or revoked",
          data: { code: "UNAUTHORIZED", reason: "invalid_api_key" },
        },
      }),
      json(404, {
        error: {
          message: "live input li_x not found",
          data: { code: "NOT_FOUND", reason: "not_found" },
        },
      }),
      json(403, {
        error: { message: "other org", data: { code: "FORBIDDEN", reason: "org_mismatch" } },
      }),
      new Response("<html>gateway</html>", { status: 502 }),
    ]);
    const api = plane(s.fetch, 0);
    const e = (await api.query("liveInputs.get", { id: "" }).catch((x) => x)) as StreamsError;
    expect(e).toBeInstanceOf(StreamsError);
    expect(e).toMatchObject({
      code: "validation",
      reason: "validation",
      status: 400,
      procedure: "liveInputs.get",
      fields: { name: ["must not be empty"] },
    });
    expect(e.message).toBe("liveInputs.get: invalid input: name: must not be empty");
    await expect(api.query("liveInputs.list", undefined)).rejects.toMatchObject({
      code: "unauthenticated",
      reason: "invalid_api_key",
    });
    await expect(api.query("liveInputs.get", { id: "li_x" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(api.query("liveInputs.list", undefined)).rejects.toMatchObject({
      code: "forbidden",
      reason: "org_mismatch",
    });
    await expect(api.query("liveInputs.list", undefined)).rejects.toMatchObject({
      code: "server_error",
      status: 502,
    });
    expect(s.requests).toHaveLength(5);
  });

  it("rejects with aborted for an aborted signal, before sending and while waiting to retry", async () => {
    const s = scripted([ok({})]);
    const before = new AbortController();
    before.abort(new Error("user left"));
    await expect(
      plane(s.fetch).query("liveInputs.list", undefined, { signal: before.signal }),
    ).rejects.toMatchObject({ code: "aborted" });
    expect(s.requests).toHaveLength(0);

    const during = new AbortController();
    const slow = new ControlPlane({
      baseUrl: "https://api.example",
      apiKey: "k",
      orgId: undefined,
      fetch: scripted([unavailable(), ok({})]).fetch,
      retry: { retries: 1, baseDelayMs: 60_000 },
    });
    const pending = slow.query("liveInputs.list", undefined, { signal: during.signal });
    setTimeout(() => during.abort(), 10);
    await expect(pending).rejects.toMatchObject({ code: "aborted" });

    const fetchAborts = (async (_url: string, init: RequestInit) => {
      await new Promise((_, reject) =>
        init.signal?.addEventListener("abort", () =>
          reject(new DOMException("aborted", "AbortError")),
        ),
      );
    }) as unknown as typeof fetch;
    const inFlight = new AbortController();
    const call = plane(fetchAborts).mutation("liveInputs.create", {}, { signal: inFlight.signal });
    inFlight.abort();
    await expect(call).rejects.toMatchObject({ code: "aborted" });
  });
});
