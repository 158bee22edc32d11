// Runs one benchmark module and prints its results as JSON:
//   npx tsx bench/run-one.ts bench/codec.bench.ts
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { BenchResult } from "./types.ts";

const file = process.argv[2];
if (file === undefined) {
  console.error("usage: tsx bench/run-one.ts <bench file>");
  process.exit(2);
}
const mod = (await import(pathToFileURL(resolve(file)).href)) as {
  run: () => Promise<BenchResult[]>;
};
const results = await mod.run();
console.log(JSON.stringify(results, null, 2));
