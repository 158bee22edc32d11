// The shadow DOM of <clutchcall-player>: the video, the overlays (buffering,
// error) and the control bar, with a `part` on everything stylable.

/** SVG paths (24×24) of the control icons. */
export const ICONS = {
  play: "M8 5v14l11-7z",
  pause: "M6 5h4v14H6zm8 0h4v14h-4z",
  volume: "M3 9v6h4l5 5V4L7 9zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4z",
  muted:
    "M3 9v6h4l5 5V4L7 9zm18.4-.6-1.4-1.4-2.6 2.6-2.6-2.6-1.4 1.4 2.6 2.6-2.6 2.6 1.4 1.4 2.6-2.6 2.6 2.6 1.4-1.4-2.6-2.6z",
  fullscreen: "M5 5h5v2H7v3H5zm9 0h5v5h-2V7h-3zM5 14h2v3h3v2H5zm12 0h2v5h-5v-2h3z",
} as const;

const icon = (name: keyof typeof ICONS) =>
  `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="${ICONS[name]}"/></svg>`;

const STYLE = `
:host {
  --_accent: var(--clutchcall-accent, #e5242b);
  --_bar-bg: var(--clutchcall-controls-background, rgb(0 0 0 / 0.65));
  --_bar-fg: var(--clutchcall-controls-color, #fff);
  display: block;
  position: relative;
  aspect-ratio: 16 / 9;
  background: #000;
  color: var(--_bar-fg);
  font: 14px/1.2 var(--clutchcall-font, system-ui, sans-serif);
  overflow: hidden;
}
:host([hidden]) { display: none; }
video { width: 100%; height: 100%; display: block; object-fit: contain; }
[hidden] { display: none !important; }
.overlay {
  position: absolute; inset: 0; display: grid; place-content: center;
  text-align: center; padding: 1em; pointer-events: none;
}
[part~="buffering"]::before {
  content: ""; display: block; margin: 0 auto 0.5em; width: 2em; height: 2em;
  border: 3px solid currentColor; border-right-color: transparent; border-radius: 50%;
  animation: spin 0.8s linear infinite;
}
@keyframes spin { to { transform: rotate(1turn); } }
[part~="error"] { background: rgb(0 0 0 / 0.8); pointer-events: auto; }
[part~="error"] small { opacity: 0.75; margin-top: 0.5em; overflow-wrap: anywhere; }
[part~="controls"] {
  position: absolute; left: 0; right: 0; bottom: 0; display: flex; align-items: center;
  gap: 0.5em; padding: 0.4em 0.6em; background: var(--_bar-bg);
}
button, select {
  font: inherit; color: inherit; background: transparent; border: 0; border-radius: 4px;
  padding: 0.25em 0.4em; cursor: pointer;
}
select { background: var(--_bar-bg); }
button:focus-visible, select:focus-visible, input:focus-visible { outline: 2px solid var(--_accent); }
svg { width: 1.5em; height: 1.5em; display: block; fill: currentColor; }
[part~="volume"] { width: 5em; accent-color: var(--_accent); }
[part~="live-badge"] { font-weight: 700; letter-spacing: 0.05em; display: flex; align-items: center; gap: 0.35em; }
[part~="live-badge"]::before {
  content: ""; width: 0.6em; height: 0.6em; border-radius: 50%; background: var(--_accent);
}
[part~="live-badge-behind"]::before { background: #888; }
[part~="latency"] { font-variant-numeric: tabular-nums; opacity: 0.85; }
.spacer { flex: 1; }
`;

export const TEMPLATE = `<style>${STYLE}</style>
<video part="video" playsinline></video>
<div class="overlay" part="buffering" role="status" hidden>Buffering…</div>
<div class="overlay" part="error" role="alert" hidden><strong></strong><small></small></div>
<div part="controls" hidden>
  <button type="button" part="play-button" aria-label="Play">${icon("play")}</button>
  <button type="button" part="mute-button" aria-label="Mute">${icon("volume")}</button>
  <input type="range" part="volume" aria-label="Volume" min="0" max="1" step="0.05" value="1" />
  <button type="button" part="live-badge live-badge-behind" aria-label="Jump to live">LIVE</button>
  <output part="latency" aria-label="Latency"></output>
  <span class="spacer"></span>
  <select part="rendition-menu" aria-label="Quality"><option value="auto">Auto</option></select>
  <button type="button" part="fullscreen-button" aria-label="Full screen">${icon("fullscreen")}</button>
</div>`;
