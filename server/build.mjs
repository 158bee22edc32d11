// Builds the dev server to JavaScript for the published package: server/dist/main.js
// (`clutchcall server`) and server/dist/token.js (`clutchcall keygen|token`), run by
// Deno from node_modules. Local code (server/ and the SDK's src/moqt/wire it
// reuses) is bundled; the package's dependencies stay imports, resolved by Deno
// from node_modules. Runs before `npm pack` (the "prepack" script).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "esbuild";

const dir = import.meta.dirname;
const pkg = JSON.parse(readFileSync(resolve(dir, "package.json"), "utf8"));
const dependencies = Object.keys(pkg.dependencies ?? {});

await build({
  entryPoints: { main: resolve(dir, "main.ts"), token: resolve(dir, "token.ts") },
  outdir: resolve(dir, "dist"),
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  keepNames: true,
  sourcemap: "linked",
  sourcesContent: false,
  external: ["node:*", ...dependencies, ...dependencies.map((d) => `${d}/*`)],
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});
process.stderr.write("built server/dist/\n");
