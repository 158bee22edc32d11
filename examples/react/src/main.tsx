import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { RobotTelemetry } from "./RobotTelemetry.tsx";

/** The relay: `?relay=URL`, or `npx clutchcall server` on its default port. */
const relay = new URLSearchParams(location.search).get("relay") ?? "https://127.0.0.1:4443/moq";

function App() {
  const [on, setOn] = useState(true);
  return (
    <main>
      <h1>Robot telemetry (React)</h1>
      <button type="button" onClick={() => setOn(!on)}>
        {on ? "Disconnect" : "Connect"}
      </button>
      {on && <RobotTelemetry relay={relay} />}
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
