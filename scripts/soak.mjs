// `npm run soak [-- --duration-s 600 --sessions 500 --subscribers 100 --out FILE]`:
// runs soak/main.ts (the relay under a steady load, RSS sampled) with the
// project's Deno; without --out the report also goes to bench/results/.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
if (!args.includes("--out")) {
  mkdirSync(resolve(root, "bench/results"), { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  args.push("--out", resolve(root, `bench/results/soak-${stamp}.json`));
}
const r = spawnSync(
  resolve(root, "node_modules/.bin/deno"),
  ["run", "-A", "--unstable-net", resolve(root, "soak/main.ts"), ...args],
  { cwd: root, stdio: "inherit" },
);
process.exit(r.status ?? 1);
