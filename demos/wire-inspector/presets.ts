// Example messages for the inspector, as JSON text (bytes as {"$utf8": ...}).
export const PRESETS: Record<string, unknown> = {
  clientSetup: {
    kind: "clientSetup",
    versions: [0xff00000e],
    parameters: { path: "/moq", maxRequestId: 100, implementation: "clutchcall" },
  },
  serverSetup: { kind: "serverSetup", parameters: { maxRequestId: 64 } },
  goAway: { kind: "goAway", newSessionUri: "https://relay.example/moq" },
  maxRequestId: { kind: "maxRequestId", maxRequestId: 200 },
  requestsBlocked: { kind: "requestsBlocked", maximumRequestId: 200 },
};
