/** A one-line progress indicator on stderr; silent when not a terminal so logs and CI stay clean. */
export class ProgressBar {
  private readonly started = performance.now();
  private lastDraw = 0;

  constructor(
    private readonly silent: boolean,
    private readonly label: string,
  ) {}

  update(count: number): void {
    if (this.silent) return;
    const now = performance.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(count / seconds) : 0;
    const spinner = '|/-\\'[Math.floor(now / 100) % 4];
    process.stderr.write(
      `\r${spinner} ${this.label}: ${count.toLocaleString('en-US')} records, ${rate.toLocaleString('en-US')}/s   `,
    );
  }

  done(): void {
    if (!this.silent) process.stderr.write('\n');
  }
}
