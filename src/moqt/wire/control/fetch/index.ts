export const FETCH_MESSAGES = [] as const;
