// `npm run bench`: runs every benchmark module in one process and writes
// bench/results/latest.json and bench/results/latest.md.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { BenchResult } from "./types.ts";

const dir = import.meta.dirname;
const only = process.argv[2];
const modules = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only === undefined || f.includes(only))
  .sort();

const out = resolve(dir, "results");
const latestJson = resolve(out, "latest.json");
// `npm run bench -- NAME` refreshes NAME's rows and keeps the other modules' last results.
const all: Record<string, BenchResult[]> =
  only !== undefined && existsSync(latestJson)
    ? (JSON.parse(readFileSync(latestJson, "utf8")) as { results: Record<string, BenchResult[]> })
        .results
    : {};
for (const file of modules) {
  console.error(`bench: ${file}`);
  const mod = (await import(pathToFileURL(resolve(dir, file)).href)) as {
    run(): Promise<BenchResult[]>;
  };
  all[file] = await mod.run();
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;
mkdirSync(out, { recursive: true });
const sorted = Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(
  latestJson,
  `${JSON.stringify({ date: new Date().toISOString(), machine, results: sorted }, null, 2)}\n`,
);

// A figure read back from latest.json may be null: JSON writes NaN and ±Infinity so.
const fmt = (v: number | null | undefined) =>
  v == null || !Number.isFinite(v)
    ? ""
    : v >= 100
      ? Math.round(v).toLocaleString("en-US")
      : v.toFixed(2);
const ratio = (v: number | null | undefined) =>
  v == null || !Number.isFinite(v) ? "" : `${v.toFixed(2)}×`;
const refreshed =
  only === undefined ? "" : ` (refreshed: ${modules.join(", ")}; other sections from earlier runs)`;
const lines = [
  `# Benchmark results`,
  "",
  `${new Date().toISOString()} — ${machine}${refreshed}`,
  "",
];
for (const [file, results] of Object.entries(sorted)) {
  lines.push(
    `## ${file}`,
    "",
    "| case | value | unit | baseline | ratio | note |",
    "|---|---:|---|---:|---:|---|",
  );
  for (const r of results) {
    lines.push(
      `| ${r.name} | ${fmt(r.value)} | ${r.unit} | ${fmt(r.baseline)} | ${ratio(r.ratio)} | ${r.note ?? ""} |`,
    );
  }
  lines.push("");
}
writeFileSync(resolve(out, "latest.md"), `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
