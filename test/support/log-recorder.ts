/** Collects a hub's log lines (pass `recorder.log` as the `log` option) and lets a test wait for them. */
export class LogRecorder {
  readonly lines: string[] = [];
  private waiters: (() => void)[] = [];
  private readonly fail: (line: string) => boolean;

  /** `fail` chooses lines the sink throws on, as a broken log sink would. */
  constructor(fail: (line: string) => boolean = () => false) {
    this.fail = fail;
  }

  readonly log = (line: string): void => {
    this.lines.push(line);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    if (this.fail(line)) throw new Error('log sink failed');
  };

  /** Waits until some line logged after the first `from` lines matches `pattern`, and returns it. */
  async next(pattern: RegExp, from = 0, timeoutMs = 3000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.slice(from).find((candidate) => pattern.test(candidate));
      if (line !== undefined) return line;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${pattern}; log: ${this.lines.join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
