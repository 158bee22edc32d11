// `Symbol.asyncDispose` where the runtime has it, else the well-known registry key
// that TypeScript's `await using` lowering looks up, so handles stay disposable
// in runtimes that predate explicit resource management.
/// <reference lib="esnext.disposable" />

/** The key of `[Symbol.asyncDispose]()` on every client handle. */
export const asyncDispose: typeof Symbol.asyncDispose = ((Symbol as { asyncDispose?: symbol })
  .asyncDispose ?? Symbol.for("Symbol.asyncDispose")) as typeof Symbol.asyncDispose;
