import type { MoqtClient } from "../../moqt/index.ts";

/** @internal What the voice handles share: the procedure caller and the relay client. */
export interface VoiceContext {
  rpc<T>(kind: "query" | "mutation", path: string, input: unknown): Promise<T>;
  /** The relay client, connected on first use. */
  client(): MoqtClient;
}
