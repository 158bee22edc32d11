// Worker and worklet scripts as single self-contained files (scripts/entries.mjs
// SELF_CONTAINED): esbuild bundles each with all its imports, so a file loaded by
// URL never reaches for a shared chunk or a bare specifier.
//
// The Vite plugin emits them into every library build at fixed names
// (`dist/workers/core.js`, …) and turns a source import `./worker.ts?worker&url`
// (which the Vite dev server serves natively) into the URL of the emitted file.
import { basename, resolve } from "node:path";
import { build } from "esbuild";
import { SELF_CONTAINED } from "./entries.mjs";

const root = resolve(import.meta.dirname, "..");
const QUERY = "?worker&url";

/** Bundles one entry; returns the script and its source map (no sourcesContent). */
export async function bundleSelfContained(entry, fileName) {
  const result = await build({
    entryPoints: [resolve(root, entry)],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    keepNames: true,
    sourcemap: "linked",
    sourcesContent: false,
    outfile: resolve(root, "dist", fileName),
    logLevel: "warning",
  });
  const js = result.outputFiles.find((f) => f.path.endsWith(".js"));
  const map = result.outputFiles.find((f) => f.path.endsWith(".js.map"));
  return { js: js.contents, map: map.contents };
}

/** @returns {import("vite").Plugin} */
export function selfContained() {
  const refs = new Map(); // absolute source path -> emitted file reference
  const modules = new Map(); // URL module id (lands at dist/_assets/) -> source path
  return {
    name: "clutchcall-self-contained",
    enforce: "pre",
    apply: "build",
    async buildStart() {
      for (const [subpath, entry] of Object.entries(SELF_CONTAINED)) {
        const fileName = `${subpath.slice(2)}.js`;
        const { js, map } = await bundleSelfContained(entry, fileName);
        this.emitFile({ type: "asset", fileName: `${fileName}.map`, source: map });
        refs.set(resolve(root, entry), this.emitFile({ type: "asset", fileName, source: js }));
      }
    },
    async resolveId(source, importer) {
      if (!source.endsWith(QUERY)) return null;
      const resolved = await this.resolve(source.slice(0, -QUERY.length), importer);
      if (!resolved || !refs.has(resolved.id)) {
        this.error(`${source}: not listed in SELF_CONTAINED of scripts/entries.mjs`);
      }
      const id = resolve(root, "src/_assets", `${basename(resolved.id, ".ts")}-url.js`);
      modules.set(id, resolved.id);
      return id;
    },
    load(id) {
      const source = modules.get(id);
      if (source === undefined) return null;
      return `export default import.meta.ROLLUP_FILE_URL_${refs.get(source)};\n`;
    },
  };
}
