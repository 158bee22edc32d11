/**
 * Starts a module worker from `url`. A worker script must be same-origin, so a
 * script on another origin (a CDN) is started through a same-origin `blob:`
 * module that imports it (the CDN must send CORS headers, as CDNs do).
 * Returns the worker and a function that releases the shim once the worker runs.
 */
export function startModuleWorker(
  url: string | URL,
  name: string,
): { worker: Worker; loaded: () => void } {
  const href = new URL(url, globalThis.location?.href).href;
  const options: WorkerOptions = { type: "module", name };
  const origin = globalThis.location?.origin;
  const { protocol } = new URL(href);
  if (
    origin === undefined ||
    protocol === "blob:" ||
    protocol === "data:" ||
    sameOrigin(href, origin)
  ) {
    return { worker: new Worker(href, options), loaded: () => {} };
  }
  const shim = URL.createObjectURL(
    new Blob([`import ${JSON.stringify(href)};\n`], { type: "text/javascript" }),
  );
  return { worker: new Worker(shim, options), loaded: () => URL.revokeObjectURL(shim) };
}

function sameOrigin(href: string, origin: string): boolean {
  return new URL(href).origin === origin;
}
