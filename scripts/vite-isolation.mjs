// Cross-origin isolation for the softphone pages (SharedArrayBuffer playout
// ring): COOP/COEP/CORP on those pages and on every worker/worklet script,
// which need the headers too. `?isolation=off` on a request leaves them off
// (to show the non-isolated path and the error a missing header raises).
const ISOLATED_PAGES = ["/demos/softphone/", "/tests/pages/softphone"];
const SCRIPT_DESTINATIONS = new Set(["worker", "sharedworker", "audioworklet", "paintworklet"]);

export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** Vite plugin: sets the isolation headers on the softphone pages and worker/worklet scripts. */
export function crossOriginIsolation() {
  return {
    name: "clutchcall-cross-origin-isolation",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? "/", "http://localhost");
        const page = ISOLATED_PAGES.some((p) => url.pathname.startsWith(p));
        const script = SCRIPT_DESTINATIONS.has(String(req.headers["sec-fetch-dest"]));
        if ((page || script) && url.searchParams.get("isolation") !== "off") {
          for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
        }
        next();
      });
    },
  };
}
