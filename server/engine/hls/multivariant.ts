// The multivariant playlist of a live broadcast, from its catalog
// (draft-pantos-hls-rfc8216bis §4.4.6): one variant per video rendition, the
// audio track as a rendition group every variant refers to.

/** The catalog fields a multivariant playlist needs (seed 002 catalog shape). */
export interface HlsCatalogTrack {
  readonly name: string;
  readonly kind: "video" | "audio";
  readonly codec: string;
  readonly width?: number;
  readonly height?: number;
  readonly bitrate?: number;
  readonly channels?: number;
}

/** Bandwidth declared when a catalog gives no bitrate. */
const DEFAULT_VIDEO_BPS = 2_500_000;
const DEFAULT_AUDIO_BPS = 128_000;

/** The media playlist path of `track`, relative to the multivariant playlist. */
export function mediaPlaylistPath(track: string): string {
  return `${track}/index.m3u8`;
}

/** The multivariant playlist; `query` (e.g. "?tok=…") goes on every URI. */
export function multivariantPlaylist(tracks: readonly HlsCatalogTrack[], query = ""): string {
  const audio = tracks.find((t) => t.kind === "audio");
  const lines = ["#EXTM3U", "#EXT-X-VERSION:9", "#EXT-X-INDEPENDENT-SEGMENTS"];
  if (audio !== undefined) {
    const channels = audio.channels !== undefined ? `,CHANNELS="${audio.channels}"` : "";
    lines.push(
      `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="${audio.name}",DEFAULT=YES,AUTOSELECT=YES${channels},URI="${mediaPlaylistPath(audio.name)}${query}"`,
    );
  }
  const videos = tracks.filter((t) => t.kind === "video");
  for (const v of videos) {
    const bandwidth =
      (v.bitrate ?? DEFAULT_VIDEO_BPS) + (audio ? (audio.bitrate ?? DEFAULT_AUDIO_BPS) : 0);
    const codecs = audio !== undefined ? `${v.codec},${audio.codec}` : v.codec;
    const resolution = v.width && v.height ? `,RESOLUTION=${v.width}x${v.height}` : "";
    const group = audio !== undefined ? `,AUDIO="audio"` : "";
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${bandwidth},CODECS="${codecs}"${resolution}${group}`,
      `${mediaPlaylistPath(v.name)}${query}`,
    );
  }
  if (videos.length === 0 && audio !== undefined) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${audio.bitrate ?? DEFAULT_AUDIO_BPS},CODECS="${audio.codec}"`,
      `${mediaPlaylistPath(audio.name)}${query}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
