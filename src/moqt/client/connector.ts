// The connection lifecycle: dial, run a session, and on failure or loss ask the
// reconnect policy when to try again. Handles attach to every new session
// through `LinkHost`; the app only sees state changes.
import { SessionErrorCode } from "../wire/error-codes.ts";
import { MoqtClientError, MoqtClientErrorCode } from "./errors.ts";
import { currentToken, establish } from "./establish.ts";
import { connectFailure, sessionEnd } from "./failure.ts";
import { Liveness } from "./liveness.ts";
import type { ResolvedClientOptions } from "./options.ts";
import { parseRelayUrl } from "./relay-url.ts";
import type { SessionLink } from "./session-link.ts";
import { sleep } from "./sleep.ts";
import type { ConnectionStateMachine } from "./state-machine.ts";
import { ConnectionState, type RetryInfo } from "./states.ts";
import { jwtExpiryMs, refreshDelayMs } from "./token-expiry.ts";
import type { TrackName } from "./track-name.ts";

/** What the connector tells the owner of the tracks. */
export interface LinkHost {
  /** A session is up: (re)establish every publication and subscription on it. */
  attach(link: SessionLink): void;
  /** That session ended. */
  detach(link: SessionLink): void;
  /** A retry was scheduled. */
  retry(info: RetryInfo): void;
  /** A track to probe the session with (see `Liveness`); undefined when there is none. */
  probeTrack(): TrackName | undefined;
  /** Fetching a fresh token ahead of the current one's expiry failed. */
  tokenRefreshFailed(error: MoqtClientError): void;
}

/** Runs the client's connection until `close()` or an unrecoverable failure. */
export class Connector {
  private readonly stop = new AbortController();
  private url: string | URL;
  private current: SessionLink | undefined;
  /** A token fetched ahead of the current one's expiry, for the next dial. */
  private freshToken: string | undefined;

  constructor(
    url: string | URL,
    private readonly options: ResolvedClientOptions,
    private readonly machine: ConnectionStateMachine,
    private readonly host: LinkHost,
  ) {
    this.url = url;
  }

  /** The established session, if any. */
  get link(): SessionLink | undefined {
    return this.current;
  }

  /** Starts dialling (once). */
  start(): void {
    this.run().catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      this.fail(
        new MoqtClientError(MoqtClientErrorCode.INTERNAL, `connection loop failed: ${message}`, {
          fatal: true,
          cause: e,
        }),
      );
    });
  }

  /** Ends the session (NO_ERROR) and stops reconnecting; the state becomes Closed. */
  close(): void {
    if (this.stop.signal.aborted) return;
    this.stop.abort(new MoqtClientError(MoqtClientErrorCode.CLOSED, "client closed"));
    this.current?.session.close(SessionErrorCode.NO_ERROR, "client closed");
    this.machine.to(ConnectionState.Closed);
  }

  private get stopped(): boolean {
    return this.stop.signal.aborted || this.machine.isFinal;
  }

  private get refreshableToken(): boolean {
    return typeof this.options.token === "function";
  }

  private async run(): Promise<void> {
    let attempt = 0;
    let firstFailureAtMs = 0;
    while (!this.stopped) {
      let url: URL;
      let link: SessionLink;
      try {
        url = parseRelayUrl(this.url);
        const fresh = this.freshToken;
        this.freshToken = undefined;
        link = await establish(url, this.options, this.stop.signal, fresh);
      } catch (e) {
        if (this.stopped) return;
        const error = connectFailure(e, this.refreshableToken);
        if (error.fatal) return this.fail(error);
        if (attempt === 0) firstFailureAtMs = Date.now();
        attempt++;
        if (!(await this.backoff(attempt, error, firstFailureAtMs))) return;
        continue;
      }
      if (this.stopped) {
        link.session.close(SessionErrorCode.NO_ERROR, "client closed");
        return;
      }
      attempt = 0;
      const error = await this.serve(link);
      if (this.stopped) return;
      if (error.fatal) return this.fail(error);
      this.machine.to(ConnectionState.Reconnecting, error);
      firstFailureAtMs = Date.now();
      attempt = 1;
      if (!(await this.backoff(attempt, error, firstFailureAtMs))) return;
    }
  }

  /** Runs one established session until it ends; returns why it ended. */
  private async serve(link: SessionLink): Promise<MoqtClientError> {
    this.current = link;
    link.router.bind(link.session, (uri) => this.goAway(link, uri));
    this.host.attach(link);
    this.machine.to(ConnectionState.Connected);
    const liveness = new Liveness(
      link,
      () => this.host.probeTrack(),
      this.options.keepaliveIntervalMs,
      (silentMs) =>
        link.session.close(SessionErrorCode.NO_ERROR, `relay silent for ${silentMs} ms`),
      () => link.router.lastInboundMs,
    );
    liveness.start();
    const refresh = new AbortController();
    void this.refreshBeforeExpiry(link, refresh.signal);
    const info = await link.closed;
    refresh.abort();
    liveness.end();
    this.current = undefined;
    this.host.detach(link);
    return sessionEnd(info, this.refreshableToken);
  }

  /**
   * With `token` a function: ahead of the session token's `exp`, fetch a fresh
   * token and move to a new session with it (the loop reconnects and every
   * track is re-established). A token function that throws, or returns one
   * expiring no later, is reported; the relay then ends the session at `exp`
   * and the reconnect asks for a token again.
   */
  private async refreshBeforeExpiry(link: SessionLink, signal: AbortSignal): Promise<void> {
    const expMs = link.tokenExpMs;
    if (!this.refreshableToken || expMs === undefined) return;
    const delayMs = refreshDelayMs(expMs, Date.now());
    if (delayMs === undefined) return;
    await sleep(delayMs, signal);
    if (signal.aborted || link.isClosed) return;
    let token: string | undefined;
    try {
      token = await currentToken(this.options.token);
      const nextExpMs = token === undefined ? undefined : jwtExpiryMs(token);
      if (nextExpMs !== undefined && nextExpMs <= expMs) {
        throw new Error("token() returned a token that expires no later than the current one");
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.host.tokenRefreshFailed(
        new MoqtClientError(
          MoqtClientErrorCode.TOKEN_REFRESH_FAILED,
          `token refresh before expiry failed: ${message}`,
          { cause: e },
        ),
      );
      return;
    }
    if (signal.aborted || link.isClosed) return;
    this.freshToken = token;
    link.session.close(SessionErrorCode.NO_ERROR, "token refresh");
  }

  /** GOAWAY: move to the new URI (if any) by ending this session; the loop reconnects. */
  private goAway(link: SessionLink, newSessionUri: string): void {
    if (newSessionUri !== "") this.url = newSessionUri;
    link.session.close(SessionErrorCode.NO_ERROR, "going away");
  }

  /** Waits the policy's delay; false when it gave up (the client Failed) or the client closed. */
  private async backoff(
    attempt: number,
    error: MoqtClientError,
    firstFailureAtMs: number,
  ): Promise<boolean> {
    let delayMs: number | null;
    try {
      delayMs = this.options.reconnect.nextDelayMs({
        attempt,
        error,
        elapsedMs: Date.now() - firstFailureAtMs,
      });
      if (delayMs !== null && !(typeof delayMs === "number" && delayMs >= 0 && delayMs < 2 ** 31)) {
        throw new TypeError(`nextDelayMs returned ${String(delayMs)} (want a delay in ms or null)`);
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.fail(
        new MoqtClientError(
          MoqtClientErrorCode.INVALID_ARGUMENT,
          `reconnect policy failed: ${message}`,
          { fatal: true, cause: e },
        ),
      );
      return false;
    }
    if (delayMs === null) {
      this.fail(
        new MoqtClientError(
          MoqtClientErrorCode.RETRIES_EXHAUSTED,
          `gave up after ${attempt - 1} retries: ${error.message}`,
          { fatal: true, cause: error },
        ),
      );
      return false;
    }
    this.host.retry({ attempt, delayMs, error });
    await sleep(delayMs, this.stop.signal);
    return !this.stopped;
  }

  private fail(error: MoqtClientError): void {
    if (this.stop.signal.aborted) return;
    this.stop.abort(error);
    this.machine.to(ConnectionState.Failed, error);
  }
}
