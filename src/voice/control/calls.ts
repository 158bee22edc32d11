// `voice.calls`: originate, get, list (seed 004 "Calls").
import { isVoiceCodec } from "../bridge/format.ts";
import { checkE164 } from "../e164.ts";
import { VoiceError, VoiceErrorCode } from "../errors.ts";
import { checkSid } from "../sid.ts";
import { Call } from "./call.ts";
import type { VoiceContext } from "./context.ts";
import { CALL_STATUSES, type CallRecord, type CallStatus } from "./status.ts";

/** Arguments of `voice.calls.originate`. */
export interface OriginateOptions {
  /** E.164 number to call. */
  readonly to: string;
  /** E.164 caller id. */
  readonly from: string;
  /** The PSTN leg's codec, "g711_ulaw" or "g711_alaw"; default by the number's region (+1: µ-law). */
  readonly codec?: "g711_ulaw" | "g711_alaw";
  /** Status-change events are POSTed here, signed (see `verifyWebhook`). */
  readonly webhookUrl?: string;
  /** A retried originate with the same key returns the same call instead of dialling again. */
  readonly idempotencyKey?: string;
}

/** Arguments of `voice.calls.list`. */
export interface ListCallsOptions {
  /** Only calls in this status. */
  readonly status?: CallStatus;
  /** Calls per page, 1–100; default 20. */
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

/** One page of `voice.calls.list`, newest first. */
export interface CallList {
  readonly calls: Call[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

function invalid(message: string): VoiceError {
  return new VoiceError(VoiceErrorCode.INVALID_ARGUMENT, message);
}

export class Calls {
  readonly #handles = new Map<string, Call>();

  /** @internal Use `voice.calls`. */
  constructor(private readonly ctx: VoiceContext) {}

  /** Dials `to`; resolves as soon as the call is `dialing`. */
  async originate(options: OriginateOptions): Promise<Call> {
    if (typeof options !== "object" || options === null)
      throw invalid("originate takes { to, from }");
    const input = {
      to: checkE164(options.to, "to"),
      from: checkE164(options.from, "from"),
      ...(options.codec !== undefined && { codec: this.#legCodec(options.codec) }),
      ...(options.webhookUrl !== undefined && { webhookUrl: this.#url(options.webhookUrl) }),
      ...(options.idempotencyKey !== undefined && {
        idempotencyKey: this.#key(options.idempotencyKey),
      }),
    };
    return this.handle(await this.ctx.rpc<CallRecord>("mutation", "calls.originate", input));
  }

  /** The call `sid` with its latest status; throws `VOICE_UNKNOWN_CALL`. */
  async get(options: { readonly sid: string }): Promise<Call> {
    const sid = checkSid(options?.sid);
    return this.handle(await this.ctx.rpc<CallRecord>("query", "calls.get", { sid }));
  }

  /** A page of the org's calls, newest first. */
  async list(options: ListCallsOptions = {}): Promise<CallList> {
    const limit = options.limit ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw invalid(`limit must be an integer 1–100 (got ${limit})`);
    }
    if (options.status !== undefined && !CALL_STATUSES.includes(options.status)) {
      throw invalid(`status must be one of ${CALL_STATUSES.join(", ")}`);
    }
    const page = await this.ctx.rpc<{ calls: CallRecord[]; nextCursor: string | null }>(
      "query",
      "calls.list",
      {
        limit,
        ...(options.status !== undefined && { status: options.status }),
        ...(options.cursor !== undefined && { cursor: options.cursor }),
      },
    );
    return { calls: page.calls.map((r) => this.handle(r)), nextCursor: page.nextCursor };
  }

  /** @internal The one handle per sid, updated with `record`. */
  handle(record: CallRecord): Call {
    let call = this.#handles.get(record.sid);
    if (call === undefined) {
      call = new Call(this.ctx, record);
      this.#handles.set(record.sid, call);
    }
    return call.update(record);
  }

  #legCodec(codec: unknown): "g711_ulaw" | "g711_alaw" {
    if (codec !== "g711_ulaw" && codec !== "g711_alaw") {
      throw new VoiceError(
        VoiceErrorCode.UNSUPPORTED_CODEC,
        `a PSTN leg speaks "g711_ulaw" or "g711_alaw" (got ${JSON.stringify(codec)}${isVoiceCodec(codec) ? ": attach() takes the bridge's codec" : ""})`,
      );
    }
    return codec;
  }

  #url(url: unknown): string {
    if (typeof url !== "string" || !/^https?:\/\//.test(url)) {
      throw invalid("webhookUrl must be an http:// or https:// URL");
    }
    return url;
  }

  #key(key: unknown): string {
    if (typeof key !== "string" || key.length === 0 || key.length > 255) {
      throw invalid("idempotencyKey must be a string of 1–255 characters");
    }
    return key;
  }
}
