// Input schemas shared by the engine's procedures.
import { z } from "zod";

/** A display name: 1..200 characters after trimming. */
export const nameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "at most 200 characters");

/** An id with one of `prefixes` ("li" accepts "li_…"). */
export function idSchema(...prefixes: string[]) {
  const pattern = new RegExp(`^(${prefixes.join("|")})_[a-z0-9]{1,64}$`);
  return z
    .string()
    .regex(pattern, `must be an id starting with ${prefixes.map((p) => `${p}_`).join(" or ")}`);
}

/** `{ id }` with one of `prefixes`. */
export function byIdSchema(...prefixes: string[]) {
  return z.object({ id: idSchema(...prefixes) }).strict();
}
