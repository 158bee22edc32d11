/**
 * `@clutchcall/sdk/voice`: calls (control plane), `AudioBridge` (bidirectional
 * audio over `voice/<sid>/{uplink,downlink}`), agents, and the browser softphone
 * (seed 004).
 */
export {
  AudioBridge,
  type AudioBridgeOptions,
  type BridgeFrameHandler,
  type BridgeRole,
  DOWNLINK,
  UPLINK,
} from "./bridge/audio-bridge.ts";
export {
  type AudioFormat,
  type AudioFormatOptions,
  CODEC_SAMPLE_RATES,
  FRAME_DURATIONS_MS,
  VOICE_CODECS,
  type VoiceCodec,
} from "./bridge/format.ts";
export { AGENT_NAMES, type AgentName } from "./control/agent-names.ts";
export { Agents, type AttachAgentOptions } from "./control/agents.ts";
export { Call, type TransferTarget } from "./control/call.ts";
export {
  type CallList,
  Calls,
  type ListCallsOptions,
  type OriginateOptions,
} from "./control/calls.ts";
export {
  CALL_STATUSES,
  type CallEndReason,
  type CallRecord,
  type CallStatus,
  type CallTimestamps,
  isTerminal,
} from "./control/status.ts";
export { Voice, type VoiceOptions } from "./control/voice.ts";
export {
  type CallStatusEvent,
  verifyWebhook,
  type WebhookRequestParts,
} from "./control/webhook.ts";
export { VoiceError, VoiceErrorCode } from "./errors.ts";
export * from "./softphone/index.ts";
