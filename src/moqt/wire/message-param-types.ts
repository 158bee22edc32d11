/**
 * Message Parameter types: draft-14 §"Version Specific Parameters",
 * draft-16 §"Message Parameters" (IANA table). MAX_CACHE_DURATION is a draft-14
 * parameter only; from EXPIRES on, draft-16 only.
 */
export const MessageParam = {
  DELIVERY_TIMEOUT: 0x02,
  AUTHORIZATION_TOKEN: 0x03,
  MAX_CACHE_DURATION: 0x04,
  EXPIRES: 0x08,
  LARGEST_OBJECT: 0x09,
  FORWARD: 0x10,
  SUBSCRIBER_PRIORITY: 0x20,
  SUBSCRIPTION_FILTER: 0x21,
  GROUP_ORDER: 0x22,
  NEW_GROUP_REQUEST: 0x32,
  /**
   * ClutchCall's own SUBSCRIBE parameter (even type: a varint of milliseconds): how long
   * the subscriber asks a relay to hold a SUBSCRIBE for a track nobody publishes yet
   * before answering DOES_NOT_EXIST. Absent or 0: answer at once. Types of 0x4000 and
   * above are first-come-first-served in both drafts' §"IANA Considerations".
   */
  RENDEZVOUS_TIMEOUT: 0x4352,
} as const;
