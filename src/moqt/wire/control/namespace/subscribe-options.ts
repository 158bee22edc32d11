/** draft-16 §"SUBSCRIBE_NAMESPACE": what the subscriber asks to be sent. */
export const SubscribeOptions = { PUBLISH: 0x0, NAMESPACE: 0x1, BOTH: 0x2 } as const;
export type SubscribeOptions = (typeof SubscribeOptions)[keyof typeof SubscribeOptions];
