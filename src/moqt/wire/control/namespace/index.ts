export const NAMESPACE_MESSAGES = [] as const;
