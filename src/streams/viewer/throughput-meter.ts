// Received bits per second over a sliding window.

export class ThroughputMeter {
  private readonly samples: { atMs: number; bytes: number }[] = [];

  constructor(private readonly windowMs: number) {}

  add(atMs: number, bytes: number): void {
    this.samples.push({ atMs, bytes });
    this.trim(atMs);
  }

  bitsPerSecond(nowMs: number): number {
    this.trim(nowMs);
    const bytes = this.samples.reduce((n, s) => n + s.bytes, 0);
    return (bytes * 8 * 1000) / this.windowMs;
  }

  private trim(nowMs: number): void {
    while (this.samples.length > 0 && this.samples[0]!.atMs < nowMs - this.windowMs)
      this.samples.shift();
  }
}
