// What the browser benchmarks share: the repository's pages served by Vite,
// Chromium launched as the tests launch it, the broadcast harness page, and
// percentiles of latency samples.
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { type Browser, chromium, type Page } from "@playwright/test";
import { createServer } from "vite";
import { CHROMIUM_ARGS } from "../playwright.config.ts";
import { freePort } from "../tests/pages/client-dev-server.ts";

const ROOT = resolve(import.meta.dirname, "..");

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export const loadNote = () => `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Serves the repository's pages (tests/pages/…) on a free loopback port. */
export async function startPages(): Promise<{ base: string; close(): Promise<void> }> {
  const port = await freePort();
  const vite = await createServer({
    configFile: resolve(ROOT, "vite.config.ts"),
    root: ROOT,
    cacheDir: resolve(ROOT, "node_modules/.vite-bench"),
    logLevel: "warn",
    server: { host: "127.0.0.1", port, strictPort: true, hmr: false, watch: null },
  });
  await vite.listen();
  return { base: `http://127.0.0.1:${port}`, close: () => vite.close() };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

/** A new page of `browser` on the broadcast harness, once it is ready. */
export async function harness(browser: Browser, base: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${base}/tests/pages/broadcast-harness.html`);
  await page.waitForFunction(() => (window as unknown as { bcReady?: boolean }).bcReady, null, {
    timeout: 30_000,
  });
  return page;
}

/** A reader of `page`'s CDP Performance metric `name` (a time in seconds), in ms. */
export async function metricMs(page: Page, name: string): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  return async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  };
}
