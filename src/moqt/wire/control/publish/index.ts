import { publish } from "./publish.ts";
import { publishError } from "./publish-error.ts";
import { publishOk } from "./publish-ok.ts";

export { PublishErrorCode14, PublishErrorCode16 } from "./codes.ts";
export type { Publish } from "./publish.ts";
export type { PublishError } from "./publish-error.ts";
export type { PublishOk } from "./publish-ok.ts";

export const PUBLISH_MESSAGES = [publish, publishOk, publishError] as const;
