import type { WebTransportSession } from "./session.ts";

/** Counters kept by {@link echoSession}, for benchmarks and tests. */
export interface EchoStats {
  bidiStreams: number;
  uniStreams: number;
  datagrams: number;
  bytes: number;
}

/** Largest unidirectional stream echoed (bytes); longer streams are cut off. */
const MAX_UNI_ECHO_BYTES = 16 * 1024 * 1024;

/**
 * Raw WebTransport echo, the baseline that relay benchmarks compare with:
 * each incoming bidirectional stream is written back on itself, each incoming
 * unidirectional stream is read whole and sent back on a new unidirectional
 * stream, and each datagram is sent back as is.
 */
export function echoSession(
  session: WebTransportSession,
  stats: EchoStats = { bidiStreams: 0, uniStreams: 0, datagrams: 0, bytes: 0 },
): EchoStats {
  void echoBidi(session, stats);
  void echoUni(session, stats);
  void echoDatagrams(session, stats);
  return stats;
}

async function echoBidi(session: WebTransportSession, stats: EchoStats): Promise<void> {
  try {
    for await (const stream of session.incomingBidirectionalStreams) {
      stats.bidiStreams++;
      const counter = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          stats.bytes += chunk.length;
          controller.enqueue(chunk);
        },
      });
      stream.readable
        .pipeThrough(counter)
        .pipeTo(stream.writable.toWritableStream())
        .catch(() => {});
    }
  } catch {
    // session closed
  }
}

async function echoUni(session: WebTransportSession, stats: EchoStats): Promise<void> {
  try {
    for await (const readable of session.incomingUnidirectionalStreams) {
      stats.uniStreams++;
      void echoOneUni(session, readable, stats);
    }
  } catch {
    // session closed
  }
}

async function echoOneUni(
  session: WebTransportSession,
  readable: ReadableStream<Uint8Array>,
  stats: EchoStats,
): Promise<void> {
  try {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of readable) {
      size += chunk.length;
      if (size > MAX_UNI_ECHO_BYTES) break;
      chunks.push(chunk);
    }
    stats.bytes += size;
    const writable = await session.createUnidirectionalStream();
    const writer = writable.getWriter();
    for (const chunk of chunks) await writer.write(chunk);
    await writer.close();
  } catch {
    // session closed or stream failed
  }
}

async function echoDatagrams(session: WebTransportSession, stats: EchoStats): Promise<void> {
  const writer = session.datagrams.writable.getWriter();
  try {
    for await (const payload of session.datagrams.readable) {
      stats.datagrams++;
      stats.bytes += payload.length;
      await writer.write(payload);
    }
  } catch {
    // session closed
  }
}
