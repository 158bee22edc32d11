import "@clutchcall/sdk/player"; // defines <clutchcall-player>
import type { ClutchCallPlayer } from "@clutchcall/sdk/player";
import { useEffect, useRef, useState } from "react";

/**
 * A live broadcast in <clutchcall-player>. The element owns playback: unmounting
 * removes it from the page, which stops its viewer and closes the relay session.
 * The effect only adds and removes the event listeners.
 */
export function LivePlayer({ relay, src }: { relay: string; src: string }) {
  const ref = useRef<ClutchCallPlayer>(null);
  const [status, setStatus] = useState("Waiting for the broadcast…");

  useEffect(() => {
    const player = ref.current;
    if (player === null) return;
    const onStarted = () => setStatus("Playing");
    const onRendition = (e: CustomEvent<{ name: string }>) => setStatus(`Playing ${e.detail.name}`);
    const onError = (e: CustomEvent<{ code: string }>) => setStatus(`Error: ${e.detail.code}`);
    player.addEventListener("clutchcall-started", onStarted);
    player.addEventListener("clutchcall-rendition", onRendition);
    player.addEventListener("clutchcall-error", onError);
    return () => {
      player.removeEventListener("clutchcall-started", onStarted);
      player.removeEventListener("clutchcall-rendition", onRendition);
      player.removeEventListener("clutchcall-error", onError);
    };
  }, []);

  return (
    <section>
      <clutchcall-player ref={ref} src={src} relay={relay} autoplay muted controls />
      <p>
        Status: <output data-testid="player-status">{status}</output>
      </p>
    </section>
  );
}
