// Library build: ESM chunks per subpath export, then one IIFE bundle.
import { resolve } from "node:path";
import { build } from "vite";
import { ENTRIES, IIFE_ENTRY, IIFE_GLOBAL, WORKLETS } from "./entries.mjs";
import { wasmAsset } from "./vite-wasm-asset.mjs";

const root = resolve(import.meta.dirname, "..");
const common = { root, configFile: false, logLevel: "warn", plugins: [wasmAsset()] };

await build({
  ...common,
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    lib: {
      entry: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, resolve(root, v)])),
      formats: ["es"],
      fileName: (_format, name) => `${name}.js`,
    },
  },
});

await build({
  ...common,
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: false,
    sourcemap: true,
    lib: {
      entry: resolve(root, IIFE_ENTRY),
      formats: ["iife"],
      name: IIFE_GLOBAL,
      fileName: () => "clutchcall.iife.js",
    },
  },
});
for (const [name, entry] of Object.entries(WORKLETS)) {
  await build({
    ...common,
    build: {
      target: "es2022",
      outDir: "dist",
      emptyOutDir: false,
      sourcemap: true,
      lib: { entry: resolve(root, entry), formats: ["es"], fileName: () => `${name}.js` },
    },
  });
}
console.log("built dist/");
