import { type ConnectionState, MoqtClient } from "@clutchcall/sdk/moqt";
import { useEffect, useState } from "react";

interface Pose {
  x: number;
  y: number;
  latencyMs: number;
}

/**
 * Publishes a simulated robot pose at 10 Hz and subscribes to it, through the
 * relay. Everything the effect opens, its cleanup closes: unmounting (or a new
 * `relay`) ends the session, so nothing keeps running in the background.
 */
export function RobotTelemetry({ relay }: { relay: string }) {
  const [state, setState] = useState<ConnectionState | "Idle">("Idle");
  const [frames, setFrames] = useState(0);
  const [pose, setPose] = useState<Pose>();

  useEffect(() => {
    const client = MoqtClient.connect(relay, { onState: setState });
    const ns = `robot/react-${crypto.randomUUID().slice(0, 8)}`;
    const publication = client.publishFrame(ns, "pose", {
      capability: "ros.telemetry",
      defaultPriority: 16,
    });
    client.subscribeFrame(ns, "pose", (tsUs, _priority, data) => {
      const [x = 0, y = 0] = new Float32Array(data.slice().buffer);
      setFrames((n) => n + 1);
      setPose({ x, y, latencyMs: Date.now() - tsUs / 1000 });
    });
    let t = 0;
    const timer = setInterval(() => {
      t += 0.1;
      const bytes = new Uint8Array(Float32Array.of(Math.cos(t), Math.sin(t)).buffer);
      publication.write(Date.now() * 1000, bytes);
    }, 100);
    return () => {
      clearInterval(timer);
      void client.close(); // closes the publication and the subscription too
    };
  }, [relay]);

  return (
    <section>
      <p>
        State: <output data-testid="state">{state}</output>
      </p>
      <p>
        Frames received: <output data-testid="frames">{frames}</output>
      </p>
      {pose && (
        <p>
          Pose x {pose.x.toFixed(2)}, y {pose.y.toFixed(2)}; latency {pose.latencyMs.toFixed(1)} ms
        </p>
      )}
    </section>
  );
}
