// calls.* and agents.*: the voice control plane (seed 004) over tRPC.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { VOICE_CODECS } from "../../../src/voice/bridge/format.ts";
import { AGENT_NAMES } from "../../../src/voice/control/agent-names.ts";
import { CALL_STATUSES, type CallRecord } from "../../../src/voice/control/status.ts";
import { VoiceError, VoiceErrorCode } from "../../../src/voice/errors.ts";
import { EngineReason, engineError } from "../errors.ts";
import { orgProcedure, router } from "../trpc.ts";
import type { StoredCall } from "./call-store.ts";
import { voiceOf } from "./registry.ts";
import type { VoiceService } from "./service.ts";
import { TEST_NUMBERS } from "./simulator/numbers.ts";

// ITU-T E.164: "+", a country code and subscriber number, at most 15 digits.
const e164 = z
  .string()
  .regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 number such as "+15550100001"');
const sid = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a call sid");
const bySid = z.object({ sid }).strict();

/** The public record of a stored call. */
function publicRecord(call: StoredCall): CallRecord {
  const { orgId: _org, webhookUrl: _url, requestHash: _hash, ...record } = call;
  return record;
}

/** VoiceError → the engine's typed tRPC error. */
function toTrpc(e: unknown): unknown {
  if (!(e instanceof VoiceError)) return e;
  switch (e.code) {
    case VoiceErrorCode.UNKNOWN_CALL:
      return engineError("NOT_FOUND", EngineReason.NOT_FOUND, e.message);
    case VoiceErrorCode.CALL_ENDED:
      return engineError("CONFLICT", EngineReason.CALL_ENDED, e.message);
    case VoiceErrorCode.TRANSFER_FAILED:
      return engineError("CONFLICT", EngineReason.TRANSFER_FAILED, e.message);
    case VoiceErrorCode.IDEMPOTENCY_CONFLICT:
      return engineError("CONFLICT", EngineReason.IDEMPOTENCY_CONFLICT, e.message);
    default:
      return engineError("BAD_REQUEST", EngineReason.VALIDATION, e.message);
  }
}

/** Runs `fn` with the engine's voice service, translating its errors. */
async function withVoice<T>(
  db: Parameters<typeof voiceOf>[0],
  fn: (v: VoiceService) => T | Promise<T>,
): Promise<T> {
  const voice = voiceOf(db);
  if (voice === undefined) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: "the voice engine is not running",
    });
  }
  try {
    return await fn(voice);
  } catch (e) {
    throw toTrpc(e);
  }
}

export const callsRouter = router({
  /** Dials `to` through the PSTN simulator; returns the call as soon as it is `dialing`. */
  originate: orgProcedure
    .input(
      z
        .object({
          to: e164,
          from: e164,
          codec: z.enum(["g711_ulaw", "g711_alaw"]).optional(),
          webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
          idempotencyKey: z.string().min(1).max(255).optional(),
        })
        .strict(),
    )
    .mutation(({ ctx, input }) =>
      withVoice(ctx.db, (v) => publicRecord(v.originate(ctx.orgId, input))),
    ),
  /** An inbound call (the `call-in` generator): from `from` to `to`, its caller behaving as test number `as`. */
  callIn: orgProcedure
    .input(z.object({ from: e164, to: e164, as: e164.default(TEST_NUMBERS.echo) }).strict())
    .mutation(({ ctx, input }) =>
      withVoice(ctx.db, (v) => publicRecord(v.callIn(ctx.orgId, input.from, input.to, input.as))),
    ),
  get: orgProcedure
    .input(bySid)
    .query(({ ctx, input }) => withVoice(ctx.db, (v) => publicRecord(v.get(ctx.orgId, input.sid)))),
  list: orgProcedure
    .input(
      z
        .object({
          status: z.enum(CALL_STATUSES as [string, ...string[]]).optional(),
          limit: z.number().int().min(1).max(100).default(20),
          cursor: z.string().regex(/^\d+$/).optional(),
        })
        .strict(),
    )
    .query(({ ctx, input }) =>
      withVoice(ctx.db, (v) => {
        const page = v.store.list(ctx.orgId, {
          limit: input.limit,
          ...(input.status !== undefined && { status: input.status as CallRecord["status"] }),
          ...(input.cursor !== undefined && { cursor: input.cursor }),
        });
        return { calls: page.calls.map(publicRecord), nextCursor: page.nextCursor };
      }),
    ),
  /** `{ sid, to }` re-points the call at another number; `{ sid, agent }` binds a built-in agent. */
  transfer: orgProcedure
    .input(
      z.union([
        z.object({ sid, to: e164 }).strict(),
        z.object({ sid, agent: z.enum(AGENT_NAMES) }).strict(),
      ]),
    )
    .mutation(({ ctx, input }) =>
      withVoice(ctx.db, async (v) =>
        publicRecord(
          "to" in input
            ? v.transferToNumber(ctx.orgId, input.sid, input.to)
            : await v.attachAgent(ctx.orgId, input.sid, input.agent),
        ),
      ),
    ),
  hangup: orgProcedure
    .input(bySid)
    .mutation(({ ctx, input }) =>
      withVoice(ctx.db, async (v) => publicRecord(await v.hangup(ctx.orgId, input.sid))),
    ),
  /** The engine's end of `call.attach()`: the call's tracks in this format. */
  attach: orgProcedure
    .input(
      z
        .object({
          sid,
          codec: z.enum(VOICE_CODECS),
          sampleRate: z.number().int(),
          channels: z.literal(1),
          frameMs: z.number().int(),
        })
        .strict(),
    )
    .mutation(({ ctx, input }) =>
      withVoice(ctx.db, async (v) => {
        const { sid: callSid, ...format } = input;
        return publicRecord(await v.attach(ctx.orgId, callSid, format));
      }),
    ),
  /** The org's webhook signing secret. */
  webhookSecret: orgProcedure.query(({ ctx }) =>
    withVoice(ctx.db, (v) => ({ secret: v.webhookSecret(ctx.orgId) })),
  ),
});

export const agentsRouter = router({
  /** Binds a built-in agent (`echo`, `tone`, `say` with optional `text`) to the call. */
  attach: orgProcedure
    .input(
      z.object({ sid, agent: z.enum(AGENT_NAMES), text: z.string().max(2000).optional() }).strict(),
    )
    .mutation(({ ctx, input }) =>
      withVoice(ctx.db, async (v) =>
        publicRecord(await v.attachAgent(ctx.orgId, input.sid, input.agent, input.text)),
      ),
    ),
});
