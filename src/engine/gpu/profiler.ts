// GPU timestamp profiler (needs the 'timestamp-query' feature): per-compute-pass GPU time in ms, read back async.
// Queries accumulate across submits; collect() resolves them all at once and starts a new window.

export interface PassTiming {
  label: string;
  ms: number;
}

export class GpuProfiler {
  /** When false, the batcher records all dispatches into one untimed pass (the fast path). */
  enabled = false;
  /** Passes that found the query set full and ran untimed since the last collect(). */
  dropped = 0;
  private readonly querySet: GPUQuerySet;
  private readonly resolveBuffer: GPUBuffer;
  private readonly readBuffer: GPUBuffer;
  private labels: string[] = [];
  private collecting = false;

  constructor(
    private readonly device: GPUDevice,
    /** Timed passes per collect window. */
    readonly capacity = 256,
  ) {
    this.querySet = device.createQuerySet({
      type: 'timestamp',
      count: capacity * 2,
      label: 'profiler queries',
    });
    const bytes = capacity * 2 * 8;
    this.resolveBuffer = device.createBuffer({
      size: bytes,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
      label: 'profiler resolve',
    });
    this.readBuffer = device.createBuffer({
      size: bytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      label: 'profiler readback',
    });
  }

  /** Timestamp writes for one pass named `label`, or undefined when disabled or the window is full. */
  timestampWrites(label: string): GPUComputePassTimestampWrites | undefined {
    if (!this.enabled || this.collecting) return undefined;
    if (this.labels.length >= this.capacity) {
      this.dropped++;
      return undefined;
    }
    const i = this.labels.length;
    this.labels.push(label);
    return { querySet: this.querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 };
  }

  /**
   * Resolves every pass timed since the last collect (call after the batcher flushed them) and returns their
   * durations in submission order.
   */
  async collect(): Promise<PassTiming[]> {
    const labels = this.labels;
    if (labels.length === 0) return [];
    this.collecting = true;
    try {
      const count = labels.length * 2;
      const enc = this.device.createCommandEncoder({ label: 'profiler resolve' });
      enc.resolveQuerySet(this.querySet, 0, count, this.resolveBuffer, 0);
      enc.copyBufferToBuffer(this.resolveBuffer, 0, this.readBuffer, 0, count * 8);
      this.device.queue.submit([enc.finish()]);
      await this.readBuffer.mapAsync(GPUMapMode.READ, 0, count * 8);
      const t = new BigInt64Array(this.readBuffer.getMappedRange(0, count * 8).slice(0));
      this.readBuffer.unmap();
      return labels.map((label, i) => ({ label, ms: Math.max(0, Number(t[2 * i + 1] - t[2 * i])) / 1e6 }));
    } finally {
      this.labels = [];
      this.dropped = 0;
      this.collecting = false;
    }
  }

  destroy(): void {
    this.querySet.destroy();
    this.resolveBuffer.destroy();
    this.readBuffer.destroy();
  }
}
