import { goAway } from "./goaway.ts";
import { maxRequestId } from "./max-request-id.ts";
import { requestError } from "./request-error.ts";
import { requestOk } from "./request-ok.ts";
import { requestsBlocked } from "./requests-blocked.ts";
import { clientSetup, serverSetup } from "./setup.ts";

export type { GoAway } from "./goaway.ts";
export type { MaxRequestId } from "./max-request-id.ts";
export type { RequestError } from "./request-error.ts";
export type { RequestOk } from "./request-ok.ts";
export type { RequestsBlocked } from "./requests-blocked.ts";
export type { ClientSetup, ServerSetup, SetupParameters } from "./setup.ts";
export { SetupParam } from "./setup.ts";

export const SESSION_MESSAGES = [
  clientSetup,
  serverSetup,
  goAway,
  maxRequestId,
  requestsBlocked,
  requestOk,
  requestError,
] as const;
