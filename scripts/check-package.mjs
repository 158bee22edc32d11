// Package checks on the built dist/ (run after `npm run build`):
// - publint --strict and @arethetypeswrong/cli: exports, types, files are sound;
// - tree shaking: a one-function import, bundled by esbuild, Rollup and Vite, must
//   stay tiny (the module-per-file output and "sideEffects": false at work).
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import nodeResolve from "@rollup/plugin-node-resolve";
import { build as esbuild } from "esbuild";
import { rollup } from "rollup";
import { build as vite } from "vite";

const root = resolve(import.meta.dirname, "..");
/** A one-function import must bundle to less than this (gzip). */
const ONE_FUNCTION_MAX_GZIP_BYTES = 1024;
let failed = false;

function run(cmd, args) {
  console.log(`$ ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) failed = true;
}

run("npx", ["publint", "--strict"]);
run("npx", [
  "attw",
  "--pack",
  ".",
  "--profile",
  "esm-only",
  "--exclude-entrypoints",
  "./core.wasm",
  "--format",
  "table-flipped",
]);

// A consumer directory where `@clutchcall/sdk` resolves to this package.
const dir = resolve(root, ".cache/tree-shake");
rmSync(dir, { recursive: true, force: true });
mkdirSync(resolve(dir, "node_modules/@clutchcall"), { recursive: true });
symlinkSync(root, resolve(dir, "node_modules/@clutchcall/sdk"), "dir");
const entry = resolve(dir, "main.js");
writeFileSync(
  entry,
  'import { namespaceFromPath } from "@clutchcall/sdk/moqt";\nconsole.log(namespaceFromPath("robot/1"));\n',
);

const bundlers = {
  async esbuild() {
    const r = await esbuild({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: "esm",
      write: false,
      logLevel: "warning",
    });
    return r.outputFiles[0].text;
  },
  async rollup() {
    const bundle = await rollup({ input: entry, plugins: [nodeResolve({ browser: true })] });
    const { output } = await bundle.generate({ format: "es" });
    await bundle.close();
    return output[0].code;
  },
  async vite() {
    const r = await vite({
      root: dir,
      configFile: false,
      logLevel: "warn",
      build: { write: false, lib: { entry, formats: ["es"], fileName: "main" } },
    });
    return (Array.isArray(r) ? r[0] : r).output[0].code;
  },
};
for (const [name, bundle] of Object.entries(bundlers)) {
  const gzip = gzipSync(await bundle(), { level: 9 }).length;
  const ok = gzip <= ONE_FUNCTION_MAX_GZIP_BYTES;
  failed ||= !ok;
  console.log(
    `${ok ? "ok  " : "FAIL"} ${name}: namespaceFromPath alone bundles to ${gzip} B gzip (max ${ONE_FUNCTION_MAX_GZIP_BYTES})`,
  );
}
rmSync(dir, { recursive: true, force: true });
if (failed) process.exit(1);
