// Library build into dist/:
// - ESM, one file per source module (bundlers drop whole unused modules; with
//   "sideEffects": false that is what makes a one-function import small), not
//   minified (the application's bundler minifies), so class names stay real;
//   entry modules that only re-export keep the source's `export *` structure;
// - the self-contained worker and worklet files (scripts/self-contained.mjs);
// - one minified IIFE bundle for <script> tags (window.ClutchCall), names kept.
// Source maps carry no sourcesContent. Declarations come from tsc afterwards.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { build } from "vite";
import { ENTRIES, IIFE_ENTRY, IIFE_GLOBAL, SELF_CONTAINED } from "./entries.mjs";
import { selfContained } from "./self-contained.mjs";
import { wasmAsset } from "./vite-wasm-asset.mjs";

const root = resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8"));
checkExports();

const common = {
  root,
  configFile: false,
  logLevel: "warn",
  plugins: [wasmAsset(), selfContained()],
};

await build({
  ...common,
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    lib: {
      entry: Object.values(ENTRIES).map((path) => resolve(root, path)),
      formats: ["es"],
    },
    rolldownOptions: {
      checks: { pluginTimings: false },
      // Inlined constants would leave their modules as bare `import "./x.js"` lines.
      optimization: { inlineConst: false },
      output: {
        preserveModules: true,
        preserveModulesRoot: resolve(root, "src"),
        // Third-party modules are bundled too (dist imports no bare specifier, so it
        // runs from a CDN as is), under vendor/: npm never packs node_modules/.
        entryFileNames: (chunk) => `${chunk.name.replace(/^.*node_modules\//, "vendor/")}.js`,
        sourcemapExcludeSources: true,
      },
    },
  },
});

await build({
  ...common,
  plugins: [...common.plugins, staticImports()],
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: false,
    minify: false,
    sourcemap: true,
    lib: {
      entry: resolve(root, IIFE_ENTRY),
      formats: ["iife"],
      name: IIFE_GLOBAL,
      fileName: () => "clutchcall.iife.js",
    },
    rolldownOptions: {
      // The LL-HLS fallback's player stays out of the script-tag bundle: the page
      // provides it (hls.js's own script tag, global `Hls`) when it wants the fallback.
      external: ["hls.js"],
      output: {
        sourcemapExcludeSources: true,
        minify: {
          compress: { keepNames: { function: true, class: true } },
          mangle: { keepNames: true },
        },
      },
    },
  },
});
for (const source of Object.values(ENTRIES)) keepBarrel(resolve(root, source));
dropBareRelativeImports(resolve(root, "dist"));
writeVendorNotice(resolve(root, "dist/vendor"));

// Worker and worklet scripts export nothing; their subpaths still carry types.
for (const subpath of Object.keys(SELF_CONTAINED)) {
  const file = resolve(root, "dist", `${subpath.slice(2)}.d.ts`);
  mkdirSync(resolve(file, ".."), { recursive: true });
  writeFileSync(
    file,
    "/** A script to load by URL (a Web Worker or AudioWorklet module). */\nexport {};\n",
  );
}
console.log("built dist/");

/** package.json "exports" must list exactly the entries of scripts/entries.mjs. */
function checkExports() {
  const problems = [];
  for (const [subpath, source] of Object.entries({ ...ENTRIES, ...SELF_CONTAINED })) {
    const out = subpath in ENTRIES ? esmPath(source) : `${subpath.slice(2)}.js`;
    const want = { types: `./dist/${out.replace(/\.js$/, ".d.ts")}`, default: `./dist/${out}` };
    const have = pkg.exports?.[subpath];
    if (JSON.stringify(have) !== JSON.stringify(want)) {
      problems.push(`"${subpath}": ${JSON.stringify(want)}`);
    }
  }
  if (problems.length > 0) {
    console.error(`package.json "exports" must contain:\n  ${problems.join(",\n  ")}`);
    process.exit(1);
  }
}

function esmPath(source) {
  return relative("src", source).replace(/\.ts$/, ".js");
}

/**
 * Writes the source's own re-export module (barrel) `source` to dist in place of
 * the flattened list of named re-exports the bundler made of it, and the barrels
 * it `export *`s from. Behind a named re-export every module a lazy chunk shares
 * with the entry counts as loaded up front for esbuild's code splitting (an
 * application importing one class from `@clutchcall/sdk/moqt` would load the
 * session code its `import()` defers); behind `export *` only what is used does.
 * Returns false when `source` is not a barrel (it has code of its own).
 */
function keepBarrel(source) {
  const code = readFileSync(source, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
  const reexport = /export\s+(type\s+)?(\*|\{[^}]*\})\s+from\s+"([^"]+)";/g;
  if (code.replace(reexport, "").trim() !== "") return false;
  const lines = [];
  for (const [, typeOnly, what, from] of code.matchAll(reexport)) {
    const names =
      what === "*"
        ? []
        : what
            .slice(1, -1)
            .split(",")
            .map((n) => n.trim())
            .filter(Boolean);
    const values = names.filter((n) => !n.startsWith("type "));
    if (typeOnly !== undefined || (what !== "*" && values.length === 0)) continue;
    const target = resolve(dirname(source), from);
    if (!(what === "*" && keepBarrel(target)) && !existsSync(distFile(target))) {
      throw new Error(`${relative(root, source)}: ${from} was not built to dist`);
    }
    const js = from.replace(/\.ts$/, ".js");
    lines.push(`export ${what === "*" ? "*" : `{ ${values.join(", ")} }`} from "${js}";`);
  }
  const file = distFile(source);
  rmSync(`${file}.map`, { force: true });
  writeFileSync(file, `${lines.join("\n")}\n`);
  return true;
}

/**
 * For the one-file IIFE: `import("./x.ts")` of an own module becomes a static
 * import (nothing loads later from one file, and a dynamic import there costs a
 * lazy-init wrapper around every module behind it). Lines stay where they were.
 */
function staticImports() {
  const src = resolve(root, "src");
  return {
    name: "static-imports",
    transform(code, id) {
      if (!id.startsWith(src) || !code.includes("import(")) return null;
      const hoisted = [];
      const out = code.replace(/\bimport\("(\.{1,2}\/[^"]+\.ts)"\)/g, (_, spec) => {
        const name = `__module${hoisted.length}`;
        hoisted.push(`import * as ${name} from "${spec}";`);
        return `Promise.resolve(${name})`;
      });
      return hoisted.length === 0 ? null : { code: `${out}\n${hoisted.join("\n")}\n`, map: null };
    },
  };
}

function distFile(source) {
  return resolve(root, "dist", relative(resolve(root, "src"), source).replace(/\.ts$/, ".js"));
}

/**
 * Removes `import "./x.js";` lines that the module-per-file output keeps for
 * re-exports nobody uses. No module of dist has side effects ("sideEffects":
 * false), so they do nothing, and bundlers warn about each one.
 */
function dropBareRelativeImports(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
    const file = resolve(entry.parentPath, entry.name);
    const code = readFileSync(file, "utf8");
    const kept = code.replace(/^import "\.{1,2}\/[^"]+\.js";$/gm, ""); // lines stay: maps still match
    if (kept !== code) writeFileSync(file, kept);
  }
}

/** Names and licenses of the third-party packages bundled under dist/vendor/. */
function writeVendorNotice(dir) {
  const names = readdirSync(dir).flatMap((name) =>
    name.startsWith("@") ? readdirSync(resolve(dir, name)).map((sub) => `${name}/${sub}`) : [name],
  );
  const lines = names.map((name) => {
    const meta = JSON.parse(
      readFileSync(resolve(root, "node_modules", name, "package.json"), "utf8"),
    );
    return `- ${name} ${meta.version}: ${meta.license}${meta.repository ? ` (${meta.repository.url ?? meta.repository})` : ""}`;
  });
  writeFileSync(
    resolve(dir, "LICENSES.md"),
    `# Bundled third-party packages\n\nThese files are copies of the packages below, under their own licenses.\n\n${lines.join("\n")}\n`,
  );
}
