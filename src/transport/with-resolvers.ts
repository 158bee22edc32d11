// `@moq/qmux` calls `Promise.withResolvers` (ES2024), which Node 20 and Safari
// before 17.4 lack. The QMux paths install this guarded stand-in before they
// construct a session, rather than as an import side effect.

interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

type WithResolvers = <T>() => Resolvers<T>;

/** Defines `Promise.withResolvers` where the runtime has none. Idempotent. */
export function ensurePromiseWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: WithResolvers };
  if (typeof P.withResolvers === "function") return;
  const withResolvers: WithResolvers = <T>() => {
    let resolve!: Resolvers<T>["resolve"];
    let reject!: Resolvers<T>["reject"];
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
  Object.defineProperty(Promise, "withResolvers", {
    value: withResolvers,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
