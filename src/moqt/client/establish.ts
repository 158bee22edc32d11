// One connection attempt: dial a transport, then run the SETUP exchange and
// bind the routing table (start-session.ts, loaded while the transport dials).
// Bounded by `connectTimeoutMs`; abandoned attempts close what they opened.
import type { MoqTransport } from "../../transport/types.ts";
import { protocolsFor } from "../session/negotiation.ts";
import { MoqtClientError, MoqtClientErrorCode } from "./errors.ts";
import { checkToken, type ResolvedClientOptions, type TokenSource } from "./options.ts";
import type { SessionLink } from "./session-link.ts";

/**
 * The token for the next dial: `fresh` when one was fetched ahead of expiry, else
 * the option's value (a function is asked now). A token function that throws
 * (e.g. its server is down) is asked again on the next attempt; one that returns
 * an unusable token makes the client Failed.
 */
export async function currentToken(
  token: TokenSource | undefined,
  fresh?: string,
): Promise<string | undefined> {
  if (fresh !== undefined) return fresh;
  if (token === undefined) return undefined;
  const raw = typeof token === "function" ? await token() : token;
  if (raw === undefined) return undefined;
  try {
    return checkToken(raw, "token()");
  } catch (e) {
    throw new MoqtClientError(MoqtClientErrorCode.INVALID_ARGUMENT, (e as Error).message, {
      fatal: true,
    });
  }
}

/** Rejects with the abort reason when `signal` aborts first. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

/**
 * Dials `url` and completes the MoQT SETUP exchange; `stop` abandons the
 * attempt. `freshToken` (fetched ahead of expiry) replaces asking `o.token`.
 */
export async function establish(
  url: URL,
  o: ResolvedClientOptions,
  stop: AbortSignal,
  freshToken?: string,
): Promise<SessionLink> {
  const attempt = new AbortController();
  const onStop = () => attempt.abort(stop.reason);
  stop.addEventListener("abort", onStop, { once: true });
  const timer = setTimeout(
    () =>
      attempt.abort(
        new MoqtClientError(
          MoqtClientErrorCode.CONNECT_FAILED,
          `no session within ${o.connectTimeoutMs} ms`,
        ),
      ),
    o.connectTimeoutMs,
  );
  let transport: MoqTransport | undefined;
  try {
    const sessionCode = import("./start-session.ts");
    sessionCode.catch(() => undefined);
    const dialled = o.dial(url, { protocols: protocolsFor(o.versions), signal: attempt.signal });
    // A transport that arrives after the attempt was abandoned is closed at once.
    dialled.then(
      (t) => {
        if (attempt.signal.aborted)
          t.close({ closeCode: 0, reason: "connection attempt abandoned" });
      },
      () => undefined,
    );
    transport = await abortable(dialled, attempt.signal);
    const token = await currentToken(o.token, freshToken);
    const { startSession } = await abortable(sessionCode, attempt.signal);
    return await abortable(startSession(transport, o, token), attempt.signal);
  } catch (e) {
    transport?.close({ closeCode: 0, reason: "connection attempt failed" });
    throw e;
  } finally {
    clearTimeout(timer);
    stop.removeEventListener("abort", onStop);
  }
}
