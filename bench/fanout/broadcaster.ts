// The fan-out baseline of bench/fanout.bench.ts: a minimal raw WebSocket
// broadcaster on Deno. Every binary message a socket on /pub sends is sent as is
// to every socket on /sub; no framing, no streams, no queues of its own.
//   deno run -A bench/fanout/broadcaster.ts   → prints {"port": N} when listening
declare const Deno: {
  serve(
    o: { hostname: string; port: number; onListen(a: { port: number }): void },
    handler: (req: Request) => Response,
  ): unknown;
  upgradeWebSocket(req: Request): { socket: WebSocket; response: Response };
};

const subscribers = new Set<WebSocket>();

Deno.serve(
  {
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) => console.log(JSON.stringify({ port })),
  },
  (req) => {
    const path = new URL(req.url).pathname;
    const { socket, response } = Deno.upgradeWebSocket(req);
    socket.binaryType = "arraybuffer";
    if (path === "/sub") {
      socket.onopen = () => subscribers.add(socket);
      socket.onclose = () => subscribers.delete(socket);
    } else {
      socket.onmessage = (e) => {
        for (const s of subscribers) s.send(e.data as ArrayBuffer);
      };
    }
    return response;
  },
);
