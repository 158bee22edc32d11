import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

export default defineConfig({
  // <clutchcall-player> is a custom element, not a Vue component.
  plugins: [
    vue({
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith("clutchcall-") } },
    }),
  ],
  // Keeps the SDK's worker, worklet and core.wasm next to its modules in `vite dev`.
  optimizeDeps: { exclude: ["@clutchcall/sdk"] },
});
