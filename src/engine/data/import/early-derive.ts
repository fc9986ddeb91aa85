// Decodes images while the check is still reading the rest, so decoding overlaps checking and staging. Results
// stay in memory (a bounded number) and nothing is written here: the derive step stores them after staging.
// The check's bytes of an image waiting to be decoded are kept (up to a byte budget) so it needs no second read.
import type { ImportItem } from '../report.ts';
import type { Derived } from './derive.ts';

export class EarlyDerive {
  private readonly results = new Map<string, Promise<Derived | null>>();
  private readonly queue: (() => Promise<void>)[] = [];
  private active = 0;
  private offered = 0;
  private heldBytes = 0;

  /**
   * `cap`: images decoded ahead at most (their copies and thumbnails are held until the derive step).
   * `byteBudget`: bytes of queued images held for their decode; past it an image is decoded from its Blob.
   */
  constructor(
    private readonly run: (item: ImportItem, blob: Blob, bytes?: Uint8Array) => Promise<Derived>,
    private readonly concurrency: number,
    private readonly cap: number,
    private readonly signal?: AbortSignal,
    private readonly byteBudget = 32 << 20,
  ) {}

  /** Queues one image (once per hash); past the cap it is left to the derive step. */
  offer(item: ImportItem, source: () => Blob, bytes?: Uint8Array): void {
    if (this.results.has(item.hash) || this.offered >= this.cap) return;
    this.offered++;
    const held = bytes && this.heldBytes + bytes.byteLength <= this.byteBudget ? bytes : undefined;
    this.heldBytes += held?.byteLength ?? 0;
    let settle!: (d: Derived | null) => void;
    this.results.set(
      item.hash,
      new Promise((ok) => {
        settle = ok;
      }),
    );
    this.queue.push(async () => {
      try {
        if (this.signal?.aborted) return settle(null);
        // A failure is not reported here: the derive step decodes that file again and reports why.
        settle(await this.run(item, source(), held).catch(() => null));
      } finally {
        this.heldBytes -= held?.byteLength ?? 0;
      }
    });
    this.pump();
  }

  /** The early result for a hash (handed out once), or undefined when it was not decoded early or failed. */
  async take(hash: string): Promise<Derived | undefined> {
    const pending = this.results.get(hash);
    if (!pending) return undefined;
    this.results.delete(hash);
    return (await pending) ?? undefined;
  }

  private pump(): void {
    while (this.active < this.concurrency && this.queue.length) {
      const job = this.queue.shift()!;
      this.active++;
      void job().finally(() => {
        this.active--;
        this.pump();
      });
    }
  }
}
