export const PUBLISH_MESSAGES = [] as const;
