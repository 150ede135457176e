/**
 * Trailing average of the last `period` candle volumes. The candle being judged is not part of its own
 * baseline: callers read `average()` first and `push()` afterwards. Summed on demand (no running sum) so
 * float drift cannot build up; the window is small (default 20) and read once per zone candle.
 */
export class VolumeBaseline {
  private readonly volumes: number[] = [];

  constructor(private readonly period: number) {}

  /** Number of volumes currently in the window (at most `period`). */
  count(): number {
    return this.volumes.length;
  }

  average(): number {
    if (this.volumes.length === 0) return 0;
    return this.volumes.reduce((sum, v) => sum + v, 0) / this.volumes.length;
  }

  push(volume: number): void {
    this.volumes.push(volume);
    if (this.volumes.length > this.period) this.volumes.shift();
  }
}
