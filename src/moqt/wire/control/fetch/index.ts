import { fetch } from "./fetch.ts";
import { fetchCancel } from "./fetch-cancel.ts";
import { fetchError } from "./fetch-error.ts";
import { fetchOk } from "./fetch-ok.ts";

export { FetchErrorCode14, FetchErrorCode16 } from "./codes.ts";
export type { Fetch, FetchTarget } from "./fetch.ts";
export { FetchType, fetchRangeValid } from "./fetch.ts";
export type { FetchCancel } from "./fetch-cancel.ts";
export type { FetchError } from "./fetch-error.ts";
export type { FetchOk } from "./fetch-ok.ts";

export const FETCH_MESSAGES = [fetch, fetchOk, fetchError, fetchCancel] as const;
