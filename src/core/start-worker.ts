/**
 * Starts a module worker from `url`. A worker script must be same-origin, so a
 * script on another origin (a CDN) is started through a same-origin `blob:`
 * module that imports it (the CDN must send CORS headers, as CDNs do).
 * `loaded()` releases the shim once the worker runs.
 */
export function startModuleWorker(
  url: string | URL,
  name: string,
): { worker: Worker; loaded: () => void } {
  const target = new URL(url, globalThis.location?.href);
  const options: WorkerOptions = { type: "module", name };
  // blob: URLs carry the page's origin; data: URLs load as opaque workers.
  if (target.origin === globalThis.location?.origin || target.protocol === "data:") {
    return { worker: new Worker(target, options), loaded: () => {} };
  }
  const shim = URL.createObjectURL(
    new Blob([`import ${JSON.stringify(target.href)};\n`], { type: "text/javascript" }),
  );
  return { worker: new Worker(shim, options), loaded: () => URL.revokeObjectURL(shim) };
}
