import type { SubgroupHeader } from "../../../src/moqt/session/index.ts";

/**
 * Identity and shape of one subgroup stream received from a publisher. Downstream
 * streams remember which one feeds them: draft-16 §"Closing Subgroup Streams" lets a
 * relay forward an Object on an existing stream only if it is the next Object,
 * which Objects from the same upstream stream are.
 */
export class UpstreamSubgroup {
  constructor(
    readonly groupId: number,
    /** Whether every Object on the stream carries an Extensions field. */
    readonly hasExtensions: boolean,
    /** The stream's last Object is the last of its Group. */
    readonly endOfGroup: boolean,
  ) {}

  static of(header: SubgroupHeader): UpstreamSubgroup {
    return new UpstreamSubgroup(header.groupId, header.hasExtensions, header.endOfGroup);
  }
}
