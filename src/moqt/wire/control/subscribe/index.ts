export const SUBSCRIBE_MESSAGES = [] as const;
