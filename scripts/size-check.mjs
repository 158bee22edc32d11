// Checks each built entry against its gzip size budget in size-budget.json.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";

const root = resolve(import.meta.dirname, "..");
const budget = JSON.parse(readFileSync(resolve(root, "size-budget.json"), "utf8"));
let failed = false;
for (const [file, limit] of Object.entries(budget)) {
  const bytes = readFileSync(resolve(root, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  const ok = gz <= limit.gzipBytes;
  failed ||= !ok;
  console.log(
    `${ok ? "ok  " : "OVER"} ${file}: ${bytes.length} B raw, ${gz} B gzip (budget ${limit.gzipBytes} B gzip)`,
  );
}
if (failed) {
  console.error("size budget exceeded");
  process.exit(1);
}
