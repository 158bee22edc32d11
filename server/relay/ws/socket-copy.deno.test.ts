// The QMux session frames every record in one scratch buffer shared by all
// sessions (qmux-session.ts), which is only sound while Deno's server-side
// WebSocket copies the bytes in `send()`. This pins that behaviour.
// Run: npx deno test -A server/relay/ws/socket-copy.deno.test.ts
import { deepStrictEqual } from "node:assert/strict";

Deno.test("Deno's server WebSocket copies the bytes it is given in send()", async () => {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const { socket, response } = Deno.upgradeWebSocket(req);
    socket.onopen = () => {
      const scratch = new Uint8Array([1, 2, 3, 4]);
      socket.send(scratch.subarray(0, 3));
      scratch.fill(9); // reused at once, as the session does for its next record
      socket.send(scratch.subarray(0, 2));
    };
    return response;
  });
  const client = new WebSocket(`ws://127.0.0.1:${server.addr.port}/`);
  client.binaryType = "arraybuffer";
  const got = await new Promise<number[][]>((resolve) => {
    const messages: number[][] = [];
    client.onmessage = (e) => {
      messages.push([...new Uint8Array(e.data as ArrayBuffer)]);
      if (messages.length === 2) resolve(messages);
    };
  });
  const closed = new Promise((r) => (client.onclose = r));
  client.close();
  await closed;
  await server.shutdown();
  deepStrictEqual(got, [
    [1, 2, 3],
    [9, 9],
  ]);
});
