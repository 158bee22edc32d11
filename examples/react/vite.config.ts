import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  // Keeps the SDK's worker, worklet and core.wasm next to its modules in `vite dev`.
  optimizeDeps: { exclude: ["@clutchcall/sdk"] },
});
