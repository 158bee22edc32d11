// TypeDoc (`npm run docs`): the API reference of every ESM entry of scripts/entries.mjs.
import { ENTRIES } from "./scripts/entries.mjs";

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  entryPoints: Object.values(ENTRIES),
  name: "@clutchcall/sdk",
  tsconfig: "tsconfig.build.json",
  out: "docs/api",
  readme: "none",
  excludePrivate: true,
  excludeInternal: true,
  excludeProtected: true,
  sourceLinkExternal: false,
  disableSources: true,
  validation: {
    notExported: true,
    invalidLink: true,
    notDocumented: false,
  },
  treatWarningsAsErrors: true,
  intentionallyNotExported: ["Attachable", "MessageOf"],
};
