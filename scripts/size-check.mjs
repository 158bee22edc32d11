// Checks the built package against the gzip budgets in size-budget.json.
// - "file": the file as shipped (the IIFE, worker/worklet scripts, core.wasm);
// - "bundle": what an application ships for `import * from` that entry: the entry
//   and everything it imports, bundled and minified by esbuild.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const budget = JSON.parse(readFileSync(resolve(root, "size-budget.json"), "utf8"));

/** Minified esbuild bundle of one ESM entry with every import it reaches. */
export async function bundledBytes(file) {
  const result = await build({
    entryPoints: [resolve(root, file)],
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "error",
    loader: { ".wasm": "file" },
    outdir: resolve(root, ".cache/size-check"),
  });
  return result.outputFiles.find((f) => f.path.endsWith(".js")).contents;
}

let failed = false;
for (const [file, limit] of Object.entries(budget)) {
  const bytes = limit.bundle ? await bundledBytes(file) : readFileSync(resolve(root, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  const ok = gz <= limit.gzipBytes;
  failed ||= !ok;
  const what = limit.bundle ? "bundled + minified" : "raw";
  console.log(
    `${ok ? "ok  " : "OVER"} ${file}: ${bytes.length} B ${what}, ${gz} B gzip (budget ${limit.gzipBytes} B gzip)`,
  );
}
if (failed) {
  console.error("size budget exceeded");
  process.exit(1);
}
