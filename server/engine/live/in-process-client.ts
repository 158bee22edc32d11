// A MoqtClient inside the dev server, reaching its own relay through an
// in-memory transport pair: the engine's ingest publishes and its LL-HLS
// packager subscribes exactly as remote clients do, without a socket.
import { MoqtClient } from "../../../src/moqt/index.ts";
import { PROFILES, Version } from "../../../src/moqt/wire/version.ts";
import { createTransportPair } from "../../../src/transport/memory.ts";
import type { Grant, Relay } from "../../relay/core/mod.ts";
import { namespaceFromPath } from "../../relay/core/names.ts";

/** The relay session path and query an in-process client presents (as a URL would). */
export interface InProcessTarget {
  readonly path: string;
  /** The query, made afresh for every (re)dial (e.g. a newly minted token). */
  readonly query: () => Promise<URLSearchParams> | URLSearchParams;
  /**
   * The session's rights, given by the engine itself instead of a token (see
   * `engineGrant`): the relay's `--auth-key` and path authorities are skipped.
   * Absent: the session is authorized like a remote one, from `path` and `query`.
   */
  readonly grants?: readonly Grant[];
}

/**
 * Rights for an engine client to publish and subscribe under the namespace
 * prefixes `paths` ("voice", "stream/org_1/lv_2"): no relay key needed, and no
 * peer can present them (they never come off the network).
 */
export function engineGrant(...paths: string[]): Grant {
  const prefixes = paths.map((p) => namespaceFromPath(p));
  return { pub: prefixes, sub: prefixes, subject: "engine" };
}

/** A client of `relay` whose every (re)dial opens a fresh in-memory session at `target`. */
export function inProcessClient(relay: Relay, target: InProcessTarget): MoqtClient {
  return MoqtClient.connect(`https://in-process${target.path}`, {
    dial: async () => {
      const query = await target.query();
      const [client, server] = createTransportPair({ protocol: PROFILES[Version.DRAFT_16].alpn });
      void relay.accept(server, {
        path: target.path,
        query,
        ...(target.grants !== undefined && { grants: target.grants }),
      });
      return client;
    },
  });
}
