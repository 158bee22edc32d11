import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { LivePlayer } from "./LivePlayer.tsx";
import { RobotTelemetry } from "./RobotTelemetry.tsx";

const params = new URLSearchParams(location.search);
/** The relay: `?relay=URL`, or `npx clutchcall server` on its default port. */
const relay = params.get("relay") ?? "https://127.0.0.1:4443/moq";
/** `?page=player` shows the player page; `?src=` what it plays (a namespace, id or signed URL). */
const page = params.get("page") === "player" ? "player" : "telemetry";
const src = params.get("src") ?? "stream/demo/lv_camera";

function App() {
  const [on, setOn] = useState(true);
  return (
    <main>
      <nav>
        <a href={`?page=telemetry&relay=${encodeURIComponent(relay)}`}>Telemetry</a> ·{" "}
        <a href={`?page=player&relay=${encodeURIComponent(relay)}`}>Player</a>
      </nav>
      <h1>{page === "player" ? "Live player (React)" : "Robot telemetry (React)"}</h1>
      <button type="button" onClick={() => setOn(!on)}>
        {on ? "Disconnect" : "Connect"}
      </button>
      {on && page === "telemetry" && <RobotTelemetry relay={relay} />}
      {on && page === "player" && <LivePlayer relay={relay} src={src} />}
    </main>
  );
}

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
