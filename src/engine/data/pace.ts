// Cooperative pacing for long metadata loops (a million-line list): a worker busy in one synchronous loop never
// sees the UI's cancel message, so the loops ask `due()` per line and, every ~50 ms, `pause()` to report progress,
// let queued messages run, and stop there once the signal has aborted.

const sliceMs = 50;

export class Pace {
  /** Lines parsed so far, and lines known to exist (grows as each file is split). */
  done = 0;
  total = 0;
  private calls = 0;
  private last = performance.now();

  constructor(
    readonly signal?: AbortSignal,
    private readonly onProgress?: (done: number, total: number) => void,
  ) {}

  /** Cheap enough to call once per line: looks at the clock only every 1024 calls. */
  due(): boolean {
    if ((++this.calls & 1023) !== 0) return false;
    return performance.now() - this.last >= sliceMs;
  }

  /** Reports progress, yields to the event loop (a cancel lands here), then throws if the signal aborted. */
  async pause(): Promise<void> {
    this.signal?.throwIfAborted();
    this.onProgress?.(this.done, this.total);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    this.signal?.throwIfAborted();
    this.last = performance.now();
  }
}
