// Example messages for the inspector (bytes as {"$utf8": ...} in the JSON view).
const utf8 = (s: string) => ({ $utf8: s });

export const PRESETS: Record<string, unknown> = {
  clientSetup: {
    kind: "clientSetup",
    parameters: { maxRequestId: 100, implementation: "clutchcall" },
  },
  serverSetup: { kind: "serverSetup", parameters: { maxRequestId: 64 } },
  subscribe: {
    kind: "subscribe",
    requestId: 2,
    trackNamespace: [utf8("robot"), utf8("turtlebot4-001")],
    trackName: utf8("odom"),
    subscriberPriority: 128,
    groupOrder: 1,
    forward: true,
    filter: { type: "largestObject" },
    parameters: {
      authorizationTokens: [{ aliasType: "useValue", tokenType: 0, value: utf8("jwt") }],
    },
  },
  publishNamespace: {
    kind: "publishNamespace",
    requestId: 4,
    trackNamespace: [utf8("robot"), utf8("turtlebot4-001")],
    parameters: {},
  },
  unsubscribe: { kind: "unsubscribe", requestId: 2 },
  goAway: { kind: "goAway", newSessionUri: "https://relay.example/moq" },
  maxRequestId: { kind: "maxRequestId", maxRequestId: 200 },
};
