export const TRACK_STATUS_MESSAGES = [] as const;
