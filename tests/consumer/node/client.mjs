// A Node program of an application that installed @clutchcall/sdk: exchanges
// text with the browser page through the relay over QMux/WebSocket, then prints
// what it received as one JSON line. Run: node --experimental-websocket client.mjs URL
import { MoqtClient } from "@clutchcall/sdk/moqt";

const client = MoqtClient.connect(process.argv[2]);
const received = new Promise((resolve) =>
  client.subscribeText("consumer/browser", "chat", (_tsUs, text) => resolve(text)),
);
const chat = client.publishText("consumer/node", "chat", { capability: "test.chat" });
const timer = setInterval(() => chat.write("hello from node"), 200);
const text = await received;
await new Promise((r) => setTimeout(r, 2000)); // writing on until the browser has ours
clearInterval(timer);
await client.close();
console.log(JSON.stringify({ received: text }));
