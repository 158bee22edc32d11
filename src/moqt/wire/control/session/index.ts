import { goAway } from "./goaway.ts";
import { maxRequestId } from "./max-request-id.ts";
import { requestsBlocked } from "./requests-blocked.ts";
import { clientSetup, serverSetup } from "./setup.ts";

export type { GoAway } from "./goaway.ts";
export type { MaxRequestId } from "./max-request-id.ts";
export type { RequestsBlocked } from "./requests-blocked.ts";
export type { ClientSetup, ServerSetup, SetupParameters } from "./setup.ts";
export { SetupParam } from "./setup.ts";

export const SESSION_MESSAGES = [
  clientSetup,
  serverSetup,
  goAway,
  maxRequestId,
  requestsBlocked,
] as const;
