// `clutchcall call-in`: the local PSTN simulator's inbound-call generator. It asks
// a running dev server's engine for an inbound call from --from to --to whose
// caller behaves like a simulator test number (--as, default the echo number);
// the call appears on voice/<sid>/{uplink,downlink} exactly like an outbound one.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

export const CALL_IN_HELP = `clutchcall call-in — place a simulated inbound call on a running dev server

Usage: clutchcall call-in --to E164 [--from E164] [--as E164] [--api URL]
                          [--org ORG --api-key KEY | --data-dir DIR]

  --to E164        the number called (one of your numbers)
  --from E164      the simulated caller (default +15550009999)
  --as E164        how the caller behaves: a simulator test number that answers,
                   +15550100001 echo (default), +15550100002 tone, +15550100005 prompt
  --api URL        the dev server's engine (default http://127.0.0.1:4443)
  --org, --api-key credentials (default: the dev credentials in --data-dir)
  --data-dir DIR   the dev server's data directory (default .clutchcall)

Prints the new call as JSON: {"sid":"CA…","direction":"inbound","status":"in_progress",…}
`;

/** Runs the command; resolves with the exit code. */
export async function callIn(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        to: { type: "string" },
        from: { type: "string", default: "+15550009999" },
        as: { type: "string", default: "+15550100001" },
        api: { type: "string", default: "http://127.0.0.1:4443" },
        org: { type: "string" },
        "api-key": { type: "string" },
        "data-dir": { type: "string", default: ".clutchcall" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    process.stderr.write(`clutchcall call-in: ${e.message}\n\n${CALL_IN_HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(CALL_IN_HELP);
    return 0;
  }
  if (values.to === undefined) {
    process.stderr.write(`clutchcall call-in: --to is required\n\n${CALL_IN_HELP}`);
    return 2;
  }
  let org = values.org;
  let apiKey = values["api-key"];
  if (org === undefined || apiKey === undefined) {
    try {
      const file = join(values["data-dir"], "dev-credentials.json");
      const saved = JSON.parse(readFileSync(file, "utf8"));
      org ??= saved.orgId;
      apiKey ??= saved.apiKey;
    } catch {
      process.stderr.write(
        "clutchcall call-in: give --org and --api-key (no dev credentials in --data-dir)\n",
      );
      return 2;
    }
  }
  let response;
  try {
    response = await fetch(`${values.api.replace(/\/+$/, "")}/trpc/calls.callIn`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${apiKey}`,
        "x-clutchcall-org": org,
      },
      body: JSON.stringify({ from: values.from, to: values.to, as: values.as }),
    });
  } catch (e) {
    process.stderr.write(`clutchcall call-in: cannot reach ${values.api}: ${e.message}\n`);
    return 1;
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok || body.result === undefined) {
    process.stderr.write(
      `clutchcall call-in: ${body.error?.message ?? `HTTP ${response.status}`}\n`,
    );
    return 1;
  }
  process.stdout.write(`${JSON.stringify(body.result.data)}\n`);
  return 0;
}
