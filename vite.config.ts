import { defineConfig } from "vitest/config";
import { crossOriginIsolation } from "./scripts/vite-isolation.mjs";

/**
 * Dev server for the demos and the browser tests: serves the repository root,
 * so pages import TypeScript sources directly. The library build lives in
 * scripts/build.mjs (ESM per subpath + one IIFE bundle).
 */
export default defineConfig({
  root: ".",
  plugins: [crossOriginIsolation()],
  server: { host: "127.0.0.1", port: 5173, strictPort: false },
  preview: { host: "127.0.0.1" },
  build: { target: "es2022" },
  // `?worker&url` imports (the core worker) are module workers.
  worker: { format: "es" },
  // CPU-bound property and DSP tests take seconds on a busy 2-core machine.
  test: { include: ["src/**/*.test.ts", "server/relay/core/**/*.test.ts"], testTimeout: 20_000 },
});
