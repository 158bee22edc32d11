// Vite plugin for the library build: a `*.wasm?url` import becomes the URL of ONE
// emitted .wasm asset instead of a base64 copy inlined into every chunk (what
// library mode does with assets by default).
//
// URLs are made relative to the bundle that uses them (`base: "./"` unless the
// build sets one), so dist/ can be served from any directory. For IIFE/UMD
// builds, where `import.meta.url` does not exist, the plugin defines it as the
// URL of the <script> that loaded the bundle (captured while it executes), so the
// .wasm asset and the core worker chunk still resolve next to the script.
//
// Usage (scripts/build.mjs): import { wasmAsset } from "./vite-wasm-asset.mjs";
// then add `plugins: [wasmAsset()]` to both build() calls.
import { readFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, resolve } from "node:path";

const SUFFIX = ".wasm?url";
// The module standing for an asset's URL gets a readable id (not a \0 virtual id)
// so that, in the module-per-file build, it lands at dist/_assets/<name>.js.
const ASSET_MODULES = "src/_assets";
const SCRIPT_URL = "__clutchcall_script_url__";
const SCRIPT_URL_INTRO =
  `var ${SCRIPT_URL} = typeof document !== "undefined" && document.currentScript ` +
  `? document.currentScript.src : typeof location !== "undefined" ? location.href : "";`;

/** @returns {import("vite").Plugin} */
export function wasmAsset() {
  let root = process.cwd();
  const sources = new Map(); // asset module id -> .wasm path
  return {
    name: "clutchcall-wasm-asset",
    enforce: "pre",
    apply: "build",
    config(config) {
      const formats = config.build?.lib ? (config.build.lib.formats ?? []) : [];
      const classic = formats.some((f) => f === "iife" || f === "umd");
      return {
        base: config.base ?? "./",
        ...(classic
          ? {
              build: {
                rolldownOptions: {
                  transform: { define: { "import.meta.url": SCRIPT_URL } },
                  output: { intro: SCRIPT_URL_INTRO },
                },
              },
              // Resolve emitted files (the .wasm, the worker chunk) against the script
              // URL captured at load time, not document.currentScript at call time.
              experimental: {
                renderBuiltUrl: (filename, { hostType }) =>
                  hostType === "js"
                    ? { runtime: `new URL(${JSON.stringify(filename)}, ${SCRIPT_URL}).href` }
                    : { relative: true },
              },
            }
          : {}),
      };
    },
    configResolved(config) {
      root = config.root;
    },
    resolveId(source, importer) {
      if (!source.endsWith(SUFFIX)) return null;
      const file = source.slice(0, -"?url".length);
      let path;
      if (file.startsWith("/") && !file.startsWith(root)) path = resolve(root, `.${file}`);
      else if (isAbsolute(file) || importer === undefined) path = resolve(root, file);
      else path = resolve(dirname(importer), file);
      const id = resolve(root, ASSET_MODULES, `${basename(path)}.js`);
      sources.set(id, path);
      return id;
    },
    async load(id) {
      const path = sources.get(id);
      if (path === undefined) return null;
      this.addWatchFile(path);
      const ref = this.emitFile({
        type: "asset",
        name: basename(path),
        source: await readFile(path),
      });
      return `export default import.meta.ROLLUP_FILE_URL_${ref};\n`;
    },
  };
}
