// Copies originals into IndexedDB while the check is still hashing the rest, so checking and staging overlap.
// Once per hash, a batch per transaction (closed by count or bytes), writes one after another; the check waits
// when two are queued.
import type { DatasetLibrary } from '../../storage/library.ts';
import type { StoredBytes } from '../../storage/schema.ts';
import { type StageClock, timed } from './stage-clock.ts';

/** When a staging batch closes: at this many originals or this many bytes, whichever comes first. */
export interface StageLimits {
  files: number;
  bytes: number;
}

export class CheckStager {
  private queue: { hash: string; file: StoredBytes }[] = [];
  private queuedBytes = 0;
  private tail: Promise<void> = Promise.resolve();
  private readonly writes: Promise<void>[] = [];
  private failure: { error: unknown } | null = null;
  private closed = false;

  /**
   * `skip`: every hash already stored for this dataset (listed just before; a resumed check reuses them, never
   * writes them twice). The writes trust it and look nothing up.
   */
  constructor(
    private readonly library: DatasetLibrary,
    private readonly datasetId: string,
    private readonly skip: Set<string>,
    private readonly limits: StageLimits,
    private readonly clock?: StageClock,
    private readonly onFailure?: (error: unknown) => void,
  ) {}

  /** Queues one original; resolves once the check may go on (rejects with a failed write's error). */
  async add(hash: string, bytes: Uint8Array, type: string): Promise<void> {
    if (this.closed) throw new Error('staging: the check stopped; no more originals are written');
    this.throwIfFailed();
    if (this.skip.has(hash)) return;
    this.skip.add(hash);
    this.queue.push({ hash, file: { bytes: ownBuffer(bytes), type } });
    this.queuedBytes += bytes.byteLength;
    if (this.queue.length >= this.limits.files || this.queuedBytes >= this.limits.bytes) this.enqueue();
    // Back-pressure: bytes waiting for IndexedDB stay bounded (two batches queued at most).
    while (this.writes.length > 1) await this.writes[0];
    this.throwIfFailed();
  }

  /** Writes what is left and waits for every write; rejects with the first failure. */
  async finish(): Promise<void> {
    if (this.queue.length) this.enqueue();
    await this.tail;
    this.throwIfFailed();
  }

  /**
   * Takes no more originals (check lanes still reading when the check failed or was cancelled start no write
   * after the job has stopped) and waits for the writes already queued, without rethrowing.
   */
  drain(): Promise<void> {
    this.closed = true;
    return this.tail;
  }

  private enqueue(): void {
    const batch = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    const write = this.tail.then(async () => {
      // After a failure (quota) nothing more is written: the job stops and resumes from what is stored.
      if (this.failure) return;
      try {
        await timed(this.clock, 'stage.write', () =>
          this.library.stageOriginals(this.datasetId, batch, { fresh: true }),
        );
      } catch (error) {
        this.failure = { error };
        this.onFailure?.(error);
      }
    });
    this.writes.push(write);
    void write.then(() => {
      this.writes.splice(this.writes.indexOf(write), 1);
    });
    this.tail = write;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}

/** The bytes as an ArrayBuffer of their own (a view into a larger buffer would store all of it). */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return (whole ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
}
