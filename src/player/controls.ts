// The control bar of <clutchcall-player>: play/pause, mute, volume and full screen
// act on the <video> playing; the LIVE badge, latency and rendition menu are
// driven by the element from the viewer's events.

import { renditionLabel } from "./status.ts";
import { ICONS } from "./template.ts";

/** What the control bar needs from the element. */
export interface ControlsHost {
  readonly root: ShadowRoot;
  readonly host: HTMLElement;
  video(): HTMLVideoElement;
  /** Play pressed: start playback, or resume it. */
  play(): void;
  seekToLive(): void;
  setRendition(name: string): void;
}

function part<T extends Element>(root: ShadowRoot, name: string): T {
  return root.querySelector(`[part~="${name}"]`) as T;
}

function setIcon(button: HTMLButtonElement, name: keyof typeof ICONS, label: string): void {
  button.querySelector("path")?.setAttribute("d", ICONS[name]);
  button.setAttribute("aria-label", label);
}

export class Controls {
  readonly bar: HTMLElement;
  private readonly playButton: HTMLButtonElement;
  private readonly muteButton: HTMLButtonElement;
  private readonly volume: HTMLInputElement;
  private readonly liveBadge: HTMLButtonElement;
  private readonly latency: HTMLOutputElement;
  private readonly menu: HTMLSelectElement;
  private renditions = "";

  constructor(h: ControlsHost) {
    const r = h.root;
    this.bar = part(r, "controls");
    this.playButton = part(r, "play-button");
    this.muteButton = part(r, "mute-button");
    this.volume = part(r, "volume");
    this.liveBadge = part(r, "live-badge");
    this.latency = part(r, "latency");
    this.menu = part(r, "rendition-menu");
    this.playButton.addEventListener("click", () => {
      const v = h.video();
      if (v.paused) h.play();
      else v.pause();
    });
    this.muteButton.addEventListener("click", () => {
      const v = h.video();
      v.muted = !v.muted;
    });
    this.volume.addEventListener("input", () => {
      const v = h.video();
      v.volume = Number(this.volume.value);
      v.muted = v.volume === 0;
    });
    this.liveBadge.addEventListener("click", () => h.seekToLive());
    this.menu.addEventListener("change", () => h.setRendition(this.menu.value));
    part<HTMLButtonElement>(r, "fullscreen-button").addEventListener("click", () => {
      if (document.fullscreenElement === h.host) void document.exitFullscreen();
      else void h.host.requestFullscreen().catch(() => undefined);
    });
  }

  /** Follows a (new) <video>: play/pause and volume state. */
  watch(video: HTMLVideoElement): void {
    const sync = () => this.syncVideo(video);
    for (const type of ["play", "pause", "volumechange"]) video.addEventListener(type, sync);
    sync();
  }

  private syncVideo(v: HTMLVideoElement): void {
    if (v.paused) setIcon(this.playButton, "play", "Play");
    else setIcon(this.playButton, "pause", "Pause");
    if (v.muted) setIcon(this.muteButton, "muted", "Unmute");
    else setIcon(this.muteButton, "volume", "Mute");
    this.volume.value = String(v.muted ? 0 : v.volume);
  }

  setLive(atEdge: boolean, latency: string): void {
    this.liveBadge.setAttribute("part", atEdge ? "live-badge" : "live-badge live-badge-behind");
    this.liveBadge.setAttribute("aria-label", atEdge ? "Live" : "Jump to live");
    this.latency.value = latency;
  }

  /** Rebuilds the menu when the renditions change; marks the one playing. */
  setRenditions(names: readonly string[], mode: string, playing: string | undefined): void {
    const key = names.join("\n");
    if (key !== this.renditions) {
      this.renditions = key;
      const options = ["auto", ...names].map(
        (n) => new Option(n === "auto" ? "Auto" : renditionLabel(n), n),
      );
      this.menu.replaceChildren(...options);
    }
    const auto = this.menu.options[0];
    if (auto !== undefined) auto.text = playing ? `Auto (${renditionLabel(playing)})` : "Auto";
    this.menu.value = mode;
  }

  reset(): void {
    this.setRenditions([], "auto", undefined);
    this.setLive(false, "");
  }
}
