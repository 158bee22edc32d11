// Checks the built package against the gzip budgets in size-budget.json.
// - "file": the file as shipped (the IIFE, worker/worklet scripts, core.wasm);
// - "bundle": what an application loads up front for `import * from` that entry:
//   the entry and everything it imports statically, bundled and minified by esbuild
//   code behind a dynamic `import()` is reported apart, chunk by chunk, and
//   "lazyGzipBytes" (when given) bounds it all together;
// - "bundle" with "file" and "imports": the same for an application importing only
//   those names from "file" (e.g. `import { MoqtClient } from "@clutchcall/sdk/moqt"`).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const budget = JSON.parse(readFileSync(resolve(root, "size-budget.json"), "utf8"));

/**
 * Minified esbuild bundle of one ESM entry: what an application loads up front
 * (the entry chunk and the chunks it imports statically), and, apart, what it
 * loads only on demand (dynamic `import()`, e.g. the QMux fallback).
 */
export async function bundledBytes(file, imports) {
  let entryPoint = resolve(root, file);
  if (imports !== undefined) {
    const dir = resolve(root, ".cache/size-check-entries");
    mkdirSync(dir, { recursive: true });
    entryPoint = resolve(dir, `${imports.join("-")}.js`);
    const from = relative(dir, resolve(root, file)).replaceAll("\\", "/");
    writeFileSync(entryPoint, `export { ${imports.join(", ")} } from "./${from}";\n`);
  }
  const result = await build({
    entryPoints: [entryPoint],
    bundle: true,
    write: false,
    minify: true,
    splitting: true,
    metafile: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "error",
    loader: { ".wasm": "file" },
    absWorkingDir: root,
    outdir: resolve(root, ".cache/size-check"),
  });
  const outputs = result.metafile.outputs;
  const contents = new Map(
    result.outputFiles.map((f) => [relative(root, f.path).replaceAll("\\", "/"), f.contents]),
  );
  const entry = Object.keys(outputs).find((o) => outputs[o].entryPoint !== undefined);
  /** The chunk `from` and the chunks it imports statically. */
  const reached = (from) => {
    const seen = new Set();
    const visit = (o) => {
      if (seen.has(o) || !o.endsWith(".js")) return;
      seen.add(o);
      for (const i of outputs[o].imports) if (i.kind === "import-statement") visit(i.path);
    };
    visit(from);
    return seen;
  };
  const upFront = reached(entry);
  const join = (names) => Buffer.concat([...names].map((o) => contents.get(o) ?? new Uint8Array()));
  // Each chunk loaded by `import()`, with what it loads that is not up front already.
  const lazy = Object.keys(outputs)
    .filter((o) => o.endsWith(".js") && !upFront.has(o) && outputs[o].entryPoint !== undefined)
    .map((o) => {
      const loads = [...reached(o)].filter((c) => !upFront.has(c));
      return {
        name: relative("src", outputs[o].entryPoint).replace(/^\.\.\/dist\//, ""),
        bytes: join(loads),
      };
    });
  const allLazy = join(Object.keys(outputs).filter((o) => o.endsWith(".js") && !upFront.has(o)));
  return { upFront: join(upFront), lazy, allLazy };
}

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
let failed = false;
for (const [key, limit] of Object.entries(budget)) {
  const file = limit.file ?? key;
  const measured = limit.bundle ? await bundledBytes(file, limit.imports) : undefined;
  const bytes = measured?.upFront ?? readFileSync(resolve(root, file));
  const gz = gzip(bytes);
  const lazyGz = measured === undefined ? 0 : gzip(measured.allLazy);
  const ok =
    gz <= limit.gzipBytes && (limit.lazyGzipBytes === undefined || lazyGz <= limit.lazyGzipBytes);
  failed ||= !ok;
  const what = limit.bundle ? "loaded up front, bundled + minified" : "raw";
  const label = limit.imports === undefined ? file : `${file} { ${limit.imports.join(", ")} }`;
  const lazy =
    measured !== undefined && measured.lazy.length > 0
      ? `; on demand ${lazyGz} B gzip more${limit.lazyGzipBytes === undefined ? "" : ` (budget ${limit.lazyGzipBytes} B)`}: ${measured.lazy.map((c) => `${c.name} ${gzip(c.bytes)} B`).join(", ")}`
      : "";
  console.log(
    `${ok ? "ok  " : "OVER"} ${label}: ${bytes.length} B ${what}, ${gz} B gzip (budget ${limit.gzipBytes} B gzip)${lazy}`,
  );
}
if (failed) {
  console.error("size budget exceeded");
  process.exit(1);
}
