// Runs every check in order and ends with one summary line "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const reports = resolve(root, ".cache/test-reports");
mkdirSync(reports, { recursive: true });

const steps = [
  { name: "lint", cmd: "npx", args: ["biome", "check", "."] },
  { name: "typecheck", cmd: "npx", args: ["tsc", "-p", "tsconfig.json", "--noEmit"] },
  {
    name: "unit",
    cmd: "npx",
    args: [
      "vitest",
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile=${reports}/vitest.json`,
    ],
    count: () => countVitest(`${reports}/vitest.json`),
  },
  {
    name: "server",
    cmd: "npx",
    args: [
      "deno",
      "test",
      "-A",
      "--unstable-net",
      "--quiet",
      `--junit-path=${reports}/deno.xml`,
      "server/relay/h3/",
      "server/relay/ws/",
      "server/relay/http/",
      "server/engine/",
      "server/tests/",
    ],
    count: () => countJunit(`${reports}/deno.xml`),
  },
  { name: "build", cmd: "npm", args: ["run", "build"] },
  { name: "package", cmd: "node", args: ["scripts/check-package.mjs"] },
  // The examples against the built package's types (their tsconfig maps @clutchcall/sdk to dist/).
  { name: "examples-react", cmd: "npx", args: ["tsc", "-p", "examples/react/tsconfig.json"] },
  { name: "examples-vue", cmd: "npx", args: ["vue-tsc", "-p", "examples/vue/tsconfig.json"] },
  // API reference from the TSDoc: any warning (a public type not exported, a broken link) fails.
  { name: "docs", cmd: "npx", args: ["typedoc", "--emit", "none"] },
  {
    name: "browser",
    cmd: "npx",
    args: ["playwright", "test"],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/playwright.json` },
    extraArgs: ["--reporter=list,json"],
    count: () => countPlaywright(`${reports}/playwright.json`),
  },
];

function countVitest(file) {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, "utf8"));
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests };
}

function countJunit(file) {
  if (!existsSync(file)) return null;
  const xml = readFileSync(file, "utf8");
  const cases = xml.match(/<testcase\b/g)?.length ?? 0;
  const failed = xml.match(/<failure\b/g)?.length ?? 0;
  const skipped = xml.match(/<skipped\b/g)?.length ?? 0;
  return { passed: cases - failed - skipped, failed, skipped };
}

function countPlaywright(file) {
  if (!existsSync(file)) return null;
  const s = JSON.parse(readFileSync(file, "utf8")).stats ?? {};
  return {
    passed: s.expected ?? 0,
    failed: (s.unexpected ?? 0) + (s.flaky ?? 0),
    skipped: s.skipped ?? 0,
  };
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let failedStep = null;
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const started = Date.now();
  const r = spawnSync(step.cmd, [...step.args, ...(step.extraArgs ?? [])], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...step.env },
  });
  const counts = step.count?.();
  if (counts) {
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
  }
  console.log(
    `=== ${step.name}: exit ${r.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (r.status !== 0) {
    failedStep = step.name;
    if (!counts || counts.failed === 0) totals.failed += 1; // a failed step counts as a failure
    break;
  }
}
if (failedStep) console.log(`\nstopped at step "${failedStep}"`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedStep ? 1 : 0);
