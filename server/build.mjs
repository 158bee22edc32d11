// Builds the dev server to JavaScript for the published package: server/dist/main.js
// (`clutchcall server`) and server/dist/token.js (`clutchcall keygen|token`), run by
// Deno from node_modules. Local code (server/ and the SDK's src/moqt/wire it
// reuses) is bundled; the package's dependencies stay imports, resolved by Deno
// from node_modules. Runs before `npm pack` (the "prepack" script).
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { build } from "esbuild";

const dir = import.meta.dirname;
const pkg = JSON.parse(readFileSync(resolve(dir, "package.json"), "utf8"));
const dependencies = Object.keys(pkg.dependencies ?? {});

await build({
  entryPoints: { main: resolve(dir, "main.ts"), token: resolve(dir, "token.ts") },
  outdir: resolve(dir, "dist"),
  bundle: true,
  plugins: [wasmNextToBundle()],
  format: "esm",
  platform: "neutral",
  target: "es2022",
  keepNames: true,
  sourcemap: "linked",
  sourcesContent: false,
  external: ["node:*", ...dependencies, ...dependencies.map((d) => `${d}/*`)],
  logLevel: "warning",
});
/**
 * `new URL("<path>.wasm", import.meta.url)` in a source file (the engine's WASM
 * core) points into the repository; the file is copied into dist/ and the URL
 * rewritten to it, so the installed package finds it next to the bundle.
 */
function wasmNextToBundle() {
  const pattern = /new URL\("([^"]+\.wasm)", import\.meta\.url\)/g;
  return {
    name: "wasm-next-to-bundle",
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, "utf8");
        if (!source.includes(".wasm")) return undefined;
        const contents = source.replace(pattern, (_, path) => {
          const file = resolve(dirname(args.path), path);
          mkdirSync(resolve(dir, "dist"), { recursive: true });
          copyFileSync(file, resolve(dir, "dist", basename(file)));
          return `new URL("./${basename(file)}", import.meta.url)`;
        });
        return { contents, loader: "ts" };
      });
    },
  };
}

process.stderr.write("built server/dist/\n");
