// Pool of GPUBuffers bucketed by (usage, size class), with an idle-bytes cap and live/peak accounting.
// Size classes: 256 B minimum, then 2^k·{1, 1.25, 1.5, 1.75}, so a buffer wastes at most 25 % of its bytes.
import { GpuErrorSink, scopedSync } from './errors.ts';

export interface PoolStats {
  /** Buffers handed out by acquire() and not yet released. */
  liveBuffers: number;
  liveBytes: number;
  /** Released buffers kept for reuse (including those waiting for the pending batch to be submitted). */
  pooledBuffers: number;
  pooledBytes: number;
  /** liveBytes + pooledBytes: what this pool holds on the device. */
  allocatedBytes: number;
  peakLiveBytes: number;
  /** createBuffer calls vs acquires served from the pool. */
  created: number;
  reused: number;
}

export interface BufferPoolOptions {
  /** Idle bytes kept for reuse; a release beyond this destroys the buffer. Default 256 MiB. */
  maxPooledBytes?: number;
  /** Largest buffer the device allows (limits.maxBufferSize). */
  maxBufferSize?: number;
  /** Where asynchronous creation errors (out of memory) go. */
  errors?: GpuErrorSink;
}

const MIN_CLASS = 256;

/** The size class (bytes actually allocated) for a request of `bytes`. */
export function sizeClass(bytes: number): number {
  if (bytes <= MIN_CLASS) return MIN_CLASS;
  const base = 2 ** Math.floor(Math.log2(bytes));
  for (const step of [1, 1.25, 1.5, 1.75, 2]) {
    const c = base * step;
    if (c >= bytes) return c;
  }
  return base * 2;
}

interface Entry {
  bytes: number;
  usage: number;
}

export class BufferPool {
  private readonly live = new Map<GPUBuffer, Entry>();
  /** usage → class bytes → idle buffers. */
  private readonly free = new Map<number, Map<number, GPUBuffer[]>>();
  private readonly freeSet = new Set<GPUBuffer>();
  /** Released while a batch that may still read them is unsubmitted; see release(). */
  private quarantine: GPUBuffer[] = [];
  private readonly entries = new Map<GPUBuffer, Entry>();
  private liveBytes = 0;
  private freeBytes = 0;
  private quarantineBytes = 0;
  private peakLiveBytes = 0;
  private created = 0;
  private reused = 0;
  private readonly maxPooledBytes: number;
  private readonly maxBufferSize: number;
  /** Asynchronous creation errors (out of memory) land here; GpuContext checks it on flush/read. */
  readonly errors: GpuErrorSink;
  /** Set by the owner (GpuContext): true while recorded dispatches are not yet submitted. */
  isBusy: () => boolean = () => false;

  constructor(
    private readonly device: GPUDevice,
    opts: BufferPoolOptions = {},
  ) {
    this.errors = opts.errors ?? new GpuErrorSink();
    this.maxPooledBytes = opts.maxPooledBytes ?? 256 * 2 ** 20;
    this.maxBufferSize = opts.maxBufferSize ?? device.limits.maxBufferSize;
  }

  acquire(bytes: number, usage: number, label: string): GPUBuffer {
    if (!Number.isFinite(bytes) || bytes < 0)
      throw new Error(`BufferPool.acquire(${label}): bad size ${bytes}`);
    if (bytes > this.maxBufferSize) {
      throw new Error(
        `BufferPool.acquire(${label}): ${bytes} bytes exceeds the device's maxBufferSize ${this.maxBufferSize}`,
      );
    }
    let size = Math.min(sizeClass(bytes), this.maxBufferSize);
    size = Math.ceil(size / 4) * 4;
    const bucket = this.free.get(usage)?.get(size);
    let buffer = bucket?.pop();
    if (buffer) {
      this.freeSet.delete(buffer);
      this.freeBytes -= size;
      this.reused++;
      buffer.label = label;
    } else {
      buffer = scopedSync(this.device, this.errors, `createBuffer '${label}' (${size} B)`, () =>
        this.device.createBuffer({ size, usage, label }),
      );
      this.created++;
      this.entries.set(buffer, { bytes: size, usage });
    }
    this.live.set(buffer, { bytes: size, usage });
    this.liveBytes += size;
    this.peakLiveBytes = Math.max(this.peakLiveBytes, this.liveBytes);
    return buffer;
  }

  /**
   * Gives a buffer back. While the owner has unsubmitted dispatches it is quarantined until recycle(): a
   * queue.writeBuffer into a reused buffer would otherwise run before those earlier dispatches read it.
   */
  release(buffer: GPUBuffer): void {
    const entry = this.live.get(buffer);
    if (!entry) {
      const twice = this.freeSet.has(buffer) || this.quarantine.includes(buffer);
      throw new Error(
        twice
          ? `BufferPool.release: buffer '${buffer.label}' was released twice`
          : `BufferPool.release: buffer '${buffer.label}' does not belong to this pool (or was destroyed)`,
      );
    }
    this.live.delete(buffer);
    this.liveBytes -= entry.bytes;
    // While busy even a buffer over the cap must survive: destroying it would invalidate the pending batch.
    if (this.isBusy()) {
      this.quarantine.push(buffer);
      this.quarantineBytes += entry.bytes;
    } else this.toFreeOrDestroy(buffer, entry);
  }

  /** Makes quarantined buffers reusable (or destroys those over the cap); call after the batch was submitted. */
  recycle(): void {
    const q = this.quarantine;
    this.quarantine = [];
    this.quarantineBytes = 0;
    for (const b of q) this.toFreeOrDestroy(b, this.entries.get(b)!);
  }

  stats(): PoolStats {
    const pooledBytes = this.freeBytes + this.quarantineBytes;
    return {
      liveBuffers: this.live.size,
      liveBytes: this.liveBytes,
      pooledBuffers: this.freeSet.size + this.quarantine.length,
      pooledBytes,
      allocatedBytes: this.liveBytes + pooledBytes,
      peakLiveBytes: this.peakLiveBytes,
      created: this.created,
      reused: this.reused,
    };
  }

  /** Destroys every idle buffer (live ones stay with their owners). */
  trim(): void {
    this.recycle();
    for (const b of this.freeSet) {
      this.entries.delete(b);
      b.destroy();
    }
    this.freeSet.clear();
    this.free.clear();
    this.freeBytes = 0;
  }

  /** Destroys everything, live buffers included; the pool must not be used afterwards. */
  destroy(): void {
    this.trim();
    for (const b of this.live.keys()) b.destroy();
    this.live.clear();
    this.entries.clear();
    this.liveBytes = 0;
  }

  private toFreeOrDestroy(buffer: GPUBuffer, entry: Entry): void {
    if (this.freeBytes + entry.bytes > this.maxPooledBytes) {
      this.entries.delete(buffer);
      buffer.destroy();
      return;
    }
    this.freeBytes += entry.bytes;
    let byClass = this.free.get(entry.usage);
    if (!byClass) {
      byClass = new Map();
      this.free.set(entry.usage, byClass);
    }
    let bucket = byClass.get(entry.bytes);
    if (!bucket) {
      bucket = [];
      byClass.set(entry.bytes, bucket);
    }
    bucket.push(buffer);
    this.freeSet.add(buffer);
  }
}
