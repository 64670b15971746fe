/** A warning logged at most once per interval; the rest are counted, and the count is logged. */
import type { FastifyBaseLogger } from "fastify";

export class ThrottledWarning {
  private nextAt = 0;
  private suppressed = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly message: string,
    /** The line that reports how many were held back. */
    private readonly summary: string,
    private readonly intervalMs: number,
  ) {}

  /** Logs `fields` now, or counts it when one was logged less than an interval ago. */
  warn(fields: object): void {
    const now = performance.now();
    if (now >= this.nextAt) {
      this.nextAt = now + this.intervalMs;
      this.log.warn(fields, this.message);
      return;
    }
    this.suppressed++;
    // The count is logged when the interval ends, even if no failure follows it.
    this.timer ??= setTimeout(() => {
      this.flush();
    }, this.nextAt - now).unref();
  }

  /** Logs how many warnings were held back since the last line, if any. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.suppressed) return;
    this.log.warn({ suppressed: this.suppressed, intervalMs: this.intervalMs }, this.summary);
    this.suppressed = 0;
  }
}
