// Call lifecycle (seed 004 "Call lifecycle"): dialing → ringing → in_progress →
// completed | failed | no_answer, only ever forward.

/** Where a call is in its lifecycle. */
export type CallStatus =
  | "dialing"
  | "ringing"
  | "in_progress"
  | "completed"
  | "failed"
  | "no_answer";

/** Every status, in lifecycle order (the three terminal ones last). */
export const CALL_STATUSES: readonly CallStatus[] = [
  "dialing",
  "ringing",
  "in_progress",
  "completed",
  "failed",
  "no_answer",
];

const RANK: Readonly<Record<CallStatus, number>> = {
  dialing: 0,
  ringing: 1,
  in_progress: 2,
  completed: 3,
  failed: 3,
  no_answer: 3,
};

/** True for `completed`, `failed` and `no_answer`: the call is over. */
export function isTerminal(status: CallStatus): boolean {
  return RANK[status] === 3;
}

/** True when a call may move from `from` to `to`: strictly forward, never out of a terminal state. */
export function canAdvance(from: CallStatus, to: CallStatus): boolean {
  return RANK[to] > RANK[from];
}

/** Why a call failed or ended (the `reason` of a call record). */
export type CallEndReason =
  | "busy"
  | "unallocated_number"
  | "ring_timeout"
  | "hangup"
  | "remote_hangup"
  | "transfer_failed";

/** When the call entered each status it went through, ms since the Unix epoch. */
export type CallTimestamps = Partial<Record<CallStatus, number>>;

/** A call as the control plane reports it. */
export interface CallRecord {
  /** The one identifier of the call. */
  readonly sid: string;
  readonly direction: "outbound" | "inbound";
  /** E.164 number called. */
  readonly to: string;
  /** E.164 number calling. */
  readonly from: string;
  readonly status: CallStatus;
  /** Set once the call ended (or failed). */
  readonly reason: CallEndReason | null;
  /** The built-in agent bound to the call, if any. */
  readonly agent: string | null;
  /** When the call entered each status so far. */
  readonly timestamps: CallTimestamps;
  /** When the call was created, ms since the Unix epoch. */
  readonly createdAtMs: number;
}
