// Robot telemetry over a frame track: a simulated robot (one MoqtClient)
// publishes pose at 50 Hz, a range scan at 5 Hz and diagnostics at 2 Hz on one
// track, each frame with its own priority; an operator (a second MoqtClient,
// its own session) subscribes and charts what arrives.
import { type ConnectionState, MoqtClient } from "../../src/moqt/index.ts";
import { relayUrl } from "../relay-url.ts";
import { LiveChart } from "./chart.ts";
import {
  decodeFrame,
  encodeDiagnostics,
  encodePose,
  encodeScan,
  FrameKind,
  KINDS,
  SimulatedRobot,
} from "./frames.ts";
import { RobotMap } from "./map.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const wallMs = () => performance.timeOrigin + performance.now();
const params = new URLSearchParams(location.search);
const robotId = params.get("robot") ?? "turtlebot4-001";
const ns = `robot/${robotId}`;
const TRACK = "telemetry";
const kindKeys = Object.keys(KINDS).map(Number) as FrameKind[];

const relay = await relayUrl();
$("relay").textContent = relay;
$("track").textContent = `${ns} / ${TRACK}`;

function showState(el: HTMLElement, state: ConnectionState): void {
  el.textContent = state;
  el.dataset.state = state;
}

// --- the robot ---------------------------------------------------------------------

const robot = MoqtClient.connect(relay, { onState: (s) => showState($("robot-state"), s) });
const telemetry = robot.publishFrame(ns, TRACK, {
  capability: "ros.telemetry",
  schemaTag: "clutchcall-demo/odom-v1",
  defaultPriority: 128,
});
const sent = new Map<FrameKind, number>(kindKeys.map((k) => [k, 0]));
const sizes = new Map<FrameKind, number>();

$("kinds").replaceChildren(
  ...kindKeys.map((k) => {
    const row = document.createElement("tr");
    const kind = KINDS[k];
    row.innerHTML = `<td><span class="swatch" style="background:${kind.color}"></span>${kind.label}</td><td>${kind.priority}</td><td>${kind.everyNth === 1 ? "tick" : `${kind.everyNth} ticks`}</td><td id="size-${k}">–</td><td id="sent-${k}">0</td>`;
    return row;
  }),
);

const sim = new SimulatedRobot();
const startMs = wallMs();
let rateHz = Number($<HTMLSelectElement>("rate").value);
let paused = false;
let tick = 0;

function send(kind: FrameKind, bytes: Uint8Array, tsUs: number): void {
  telemetry.write(tsUs, bytes, KINDS[kind].priority);
  sent.set(kind, (sent.get(kind) ?? 0) + 1);
  sizes.set(kind, bytes.length);
}

/** One control-loop tick: a pose every tick, a scan and diagnostics every few. */
function robotTick(): void {
  const tsUs = Math.round(wallMs() * 1000);
  const t = (wallMs() - startMs) / 1000;
  const pose = sim.pose(t);
  send(FrameKind.POSE, encodePose(pose), tsUs);
  if (tick % KINDS[FrameKind.SCAN].everyNth === 0) {
    send(FrameKind.SCAN, encodeScan(pose.seq, sim.scan(pose)), tsUs);
  }
  if (tick % KINDS[FrameKind.DIAGNOSTICS].everyNth === 0) {
    send(FrameKind.DIAGNOSTICS, encodeDiagnostics(sim.diagnostics(t)), tsUs);
  }
  tick++;
}

// A drift-free schedule: each tick is due at start + n × period.
let nextDueMs = performance.now();
function schedule(): void {
  const period = 1000 / rateHz;
  nextDueMs += period;
  const now = performance.now();
  if (nextDueMs < now - 5 * period) nextDueMs = now; // the tab slept: do not burst
  setTimeout(
    () => {
      if (!paused) robotTick();
      schedule();
    },
    Math.max(0, nextDueMs - now),
  );
}
schedule();

$<HTMLSelectElement>("rate").addEventListener("change", (e) => {
  rateHz = Number((e.target as HTMLSelectElement).value);
});
$<HTMLButtonElement>("pause").addEventListener("click", (e) => {
  paused = !paused;
  (e.target as HTMLButtonElement).textContent = paused ? "Resume" : "Pause";
});

// --- the operator ------------------------------------------------------------------

const map = new RobotMap($<HTMLCanvasElement>("map"));
const latencyChart = new LiveChart($<HTMLCanvasElement>("latency"), {
  windowMs: 10_000,
  unit: "ms",
});
const rateChart = new LiveChart($<HTMLCanvasElement>("rate-chart"), {
  windowMs: 10_000,
  unit: "frames/s",
});
for (const k of kindKeys) {
  const { label, color, priority } = KINDS[k];
  latencyChart.addSeries(String(k), { label: `${label} (${priority})`, color, draw: "dots" });
  rateChart.addSeries(String(k), { label: `${label} (${priority})`, color, draw: "line" });
}

let received = 0;
/** Receive times of the last second, per kind. */
const recent = new Map<FrameKind, number[]>(kindKeys.map((k) => [k, []]));
const latencies: number[] = [];

const operator = MoqtClient.connect(relay, { onState: (s) => showState($("op-state"), s) });
operator.subscribeFrame(ns, TRACK, (tsUs, priority, data) => {
  const now = wallMs();
  const frame = decodeFrame(data);
  if (frame === undefined) return;
  received++;
  const latencyMs = Math.max(0, now - tsUs / 1000);
  latencies.push(latencyMs);
  if (latencies.length > 500) latencies.shift();
  latencyChart.push(String(frame.kind), now, latencyMs);
  recent.get(frame.kind)?.push(now);
  if (priority !== KINDS[frame.kind].priority) console.warn("unexpected priority", priority);
  if (frame.kind === FrameKind.POSE) map.pose(frame.pose);
  else if (frame.kind === FrameKind.SCAN) map.scan(frame.rangesMm);
  else {
    const d = frame.diagnostics;
    $("diagnostics").textContent =
      `battery ${d.batteryPct.toFixed(2)} %\nmotor   ${d.motorTempC.toFixed(1)} °C\ncpu     ${d.cpuPct.toFixed(0)} %`;
  }
});

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

// Rates: frames of each kind received over the last second, sampled 4× a second.
setInterval(() => {
  const now = wallMs();
  let total = 0;
  for (const [k, times] of recent) {
    while (times.length > 0 && times[0]! < now - 1000) times.shift();
    rateChart.push(String(k), now, times.length);
    total += times.length;
  }
  $("op-rate").textContent = String(total);
  $("op-frames").textContent = String(received);
  if (latencies.length > 0) {
    $("op-p50").textContent = percentile(latencies, 50).toFixed(1);
    $("op-p99").textContent = percentile(latencies, 99).toFixed(1);
  }
  for (const k of kindKeys) {
    $(`sent-${k}`).textContent = String(sent.get(k) ?? 0);
    const size = sizes.get(k);
    if (size !== undefined) $(`size-${k}`).textContent = `${size} B`;
  }
}, 250);

function frame(): void {
  const now = wallMs();
  latencyChart.draw(now);
  rateChart.draw(now);
  map.draw();
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);

addEventListener("pagehide", () => {
  void robot.close();
  void operator.close();
});
