// The main job: serves the demo pages (they import the SDK sources) on loopback.
import { createServer } from "vite";

const port = Number(process.env.PORT ?? 5173);
const server = await createServer({
  configFile: new URL("../vite.config.ts", import.meta.url).pathname,
  server: { host: "127.0.0.1", port, strictPort: true },
});
await server.listen();
console.log(`ClutchCall demos: http://127.0.0.1:${port}/demos/`);
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    void server.close().then(() => process.exit(0));
  });
}
