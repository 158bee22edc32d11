import type { Page } from "@playwright/test";

type Args<F> = F extends (...args: infer P) => unknown ? P : never;
type Result<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

/**
 * A typed caller for the API object a test page puts on `window[name]`:
 * `call(page, "method", ...args)` runs `window[name].method(...args)` in the page.
 */
export function pageApi<Api>(name: string) {
  return <K extends keyof Api & string>(
    page: Page,
    method: K,
    ...args: Args<Api[K]>
  ): Promise<Result<Api[K]>> =>
    page.evaluate(
      ([n, m, a]) => {
        const api = (
          window as unknown as Record<string, Record<string, (...x: unknown[]) => unknown>>
        )[n]!;
        return api[m]!(...(a as unknown[]));
      },
      [name, method, args] as const,
    ) as Promise<Result<Api[K]>>;
}
