import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [vue()],
  // Keeps the SDK's worker, worklet and core.wasm next to its modules in `vite dev`.
  optimizeDeps: { exclude: ["@clutchcall/sdk"] },
});
