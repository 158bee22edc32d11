// Web Worker entry of the audio core: exposes a CoreService through comlink.
import { expose } from "comlink";
import { installCoreErrorTransfer } from "./comlink-errors.ts";
import { CoreService } from "./worker-service.ts";

installCoreErrorTransfer();
expose(new CoreService());
