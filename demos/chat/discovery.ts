// Who else is in the room: `MoqtClient` has no namespace discovery yet, so the
// chat opens one more MoQT session at the session layer, sends SUBSCRIBE_NAMESPACE
// for the room's prefix (Subscribe Options: PUBLISH), and learns each track the
// relay offers with a PUBLISH. It declines the offers (it only wants the names;
// the MoqtClient subscribes to the messages) and redials when the session ends,
// after which the relay offers every live track again.
import {
  MoqtRequestError,
  MoqtSession,
  protocolsFor,
  RequestErrorName,
} from "../../src/moqt/session/index.ts";
import { namespaceFromPath, SubscribeOptions, Version } from "../../src/moqt/wire/index.ts";
import { connectTransport } from "../../src/transport/index.ts";

const DEC = new TextDecoder();
const REDIAL_MS = 1_000;

/** A track under the watched prefix: its namespace fields as text, and its name. */
export interface FoundTrack {
  readonly namespace: readonly string[];
  readonly name: string;
}

export class TrackDiscovery {
  readonly #stop = new AbortController();
  #session: MoqtSession | undefined;

  constructor(
    private readonly url: string,
    private readonly prefix: string,
    private readonly onTrack: (track: FoundTrack) => void,
  ) {
    void this.#run();
  }

  close(): void {
    this.#stop.abort();
    this.#session?.close();
  }

  async #run(): Promise<void> {
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      try {
        const transport = await connectTransport(this.url, {
          protocols: protocolsFor([Version.DRAFT_16]),
          signal,
        });
        const session = await MoqtSession.connect(transport, {
          versions: [Version.DRAFT_16],
          handler: {
            publish: (req) => {
              this.onTrack({
                namespace: req.trackNamespace.map((f) => DEC.decode(f)),
                name: DEC.decode(req.trackName),
              });
              throw MoqtRequestError.reject(RequestErrorName.UNINTERESTED, "names only");
            },
          },
        });
        this.#session = session;
        if (signal.aborted) session.close();
        await session.subscribeNamespace({
          trackNamespacePrefix: namespaceFromPath(this.prefix),
          subscribeOptions: SubscribeOptions.PUBLISH,
        });
        await session.closed.catch(() => undefined);
      } catch {
        // relay down or session lost: dial again below
      }
      this.#session = undefined;
      await new Promise((r) => setTimeout(r, REDIAL_MS));
    }
  }
}
