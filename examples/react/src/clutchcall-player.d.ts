// JSX typing of <clutchcall-player> (React 19 sets these as element properties).
import type { ClutchCallPlayer } from "@clutchcall/sdk/player";
import type { DetailedHTMLProps, HTMLAttributes } from "react";

interface PlayerProps
  extends DetailedHTMLProps<HTMLAttributes<ClutchCallPlayer>, ClutchCallPlayer> {
  src?: string;
  relay?: string;
  token?: string;
  latency?: number;
  autoplay?: boolean;
  muted?: boolean;
  controls?: boolean;
}

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "clutchcall-player": PlayerProps;
    }
  }
}
