// Collects every control-message family's fast-check arbitraries (control/*/arbitrary.ts).
import type fc from "fast-check";
import type { ControlMessage } from "../control.ts";

type FamilyModule = { arbitraries: Record<14 | 16, fc.Arbitrary<ControlMessage>[]> };

const families = import.meta.glob<FamilyModule>("../control/*/arbitrary.ts", { eager: true });

/** Every arbitrary for a draft, across all families. */
export function controlArbitraries(draft: 14 | 16): fc.Arbitrary<ControlMessage>[] {
  return Object.values(families).flatMap((m) => m.arbitraries[draft]);
}
