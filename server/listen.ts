// Binds one port number on both UDP (HTTP/3 + WebTransport) and TCP (HTTP/1.1:
// WebSocket, certificate hash, health). With port 0 the UDP side picks a free
// port and TCP must follow it; when TCP finds it taken, both are tried again.
import {
  type ServerCertificate,
  WebTransportServer,
  type WebTransportServerOptions,
} from "./relay/h3/mod.ts";

/** The listening address could not be bound; the message says which side and why. */
export class BindError extends Error {
  override readonly name = "BindError";
}

/** Both listeners on one port number. */
export interface BoundPair {
  readonly h3: WebTransportServer;
  readonly http: Deno.HttpServer<Deno.NetAddr>;
  readonly port: number;
}

/** What `bindPair` needs. */
export interface BindOptions {
  readonly hostname: string;
  /** 0 picks a port free on both protocols. */
  readonly port: number;
  readonly certificate: ServerCertificate;
  /** HTTP/3 settings other than address and certificate. */
  readonly h3: Omit<WebTransportServerOptions, "hostname" | "port" | "certificate">;
  readonly handler: Deno.ServeHandler<Deno.NetAddr>;
  readonly onHttpError?: (error: unknown) => Response | Promise<Response>;
  /** Tries with port 0 before giving up; default 8. */
  readonly attempts?: number;
}

function why(e: unknown): string {
  if (e instanceof Deno.errors.AddrInUse) return "already in use";
  if (e instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (e instanceof Deno.errors.AddrNotAvailable) return "address not available on this machine";
  return e instanceof Error ? e.message : String(e);
}

/** Binds UDP first, then TCP on the same number; see the file comment. */
export async function bindPair(o: BindOptions): Promise<BoundPair> {
  const attempts = o.port === 0 ? (o.attempts ?? 8) : 1;
  for (let attempt = 1; ; attempt++) {
    let h3: WebTransportServer;
    try {
      h3 = await WebTransportServer.listen({
        ...o.h3,
        hostname: o.hostname,
        port: o.port,
        certificate: o.certificate,
      });
    } catch (e) {
      throw new BindError(`cannot listen on UDP ${o.hostname}:${o.port} (HTTP/3): ${why(e)}`, {
        cause: e,
      });
    }
    try {
      const http = Deno.serve(
        {
          hostname: o.hostname,
          port: h3.port,
          onListen: () => {},
          ...(o.onHttpError !== undefined && { onError: o.onHttpError }),
        },
        o.handler,
      );
      return { h3, http, port: h3.port };
    } catch (e) {
      await h3.close({}, 0);
      const retry = o.port === 0 && e instanceof Deno.errors.AddrInUse && attempt < attempts;
      if (!retry) {
        throw new BindError(
          `cannot listen on TCP ${o.hostname}:${h3.port} (WebSocket, HTTP): ${why(e)}${
            o.port === 0 ? ` after ${attempt} tries` : ""
          }`,
          { cause: e },
        );
      }
    }
  }
}
