// GpuContext: one adapter + device with its buffer pool, pipeline cache, command batcher and optional profiler.
// Takes the GPU object from outside (navigator.gpu in browsers, Dawn in Node) so the same code runs in both.
import { type AdapterSummary, describeAdapter } from './adapter-info.ts';
import { BufferPool } from './buffer-pool.ts';
import { CommandBatcher } from './command-batcher.ts';
import { GpuDeviceLostError, GpuErrorSink, GpuValidationError, scopedSync } from './errors.ts';
import { PipelineCache } from './pipeline-cache.ts';
import { GpuProfiler } from './profiler.ts';
import { assertShape, formatShape, type GpuDType, type GpuTensor, shapeSize } from './tensor.ts';

export interface GpuContextOptions {
  label?: string;
  powerPreference?: GPUPowerPreference;
  /** Idle bytes the buffer pool keeps (default 256 MiB). */
  maxPooledBytes?: number;
  /** Auto-flush after this many dispatches (default 32). */
  maxDispatchesPerFlush?: number;
}

const OPTIONAL_FEATURES: GPUFeatureName[] = ['shader-f16', 'timestamp-query', 'subgroups' as GPUFeatureName];

/** Storage tensors are read and written by kernels, written by uploads, and copied out for readback. */
function tensorUsage(): number {
  return GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
}

export class GpuContext {
  readonly info: AdapterSummary;
  readonly pool: BufferPool;
  readonly pipelines: PipelineCache;
  readonly batcher: CommandBatcher;
  /** Undefined when the adapter lacks 'timestamp-query'. */
  readonly profiler: GpuProfiler | undefined;
  /** Asynchronous validation / out-of-memory errors, thrown by the next flush() or read(). */
  readonly errors = new GpuErrorSink();
  readonly lost: Promise<GPUDeviceLostInfo>;
  private lostInfo: GPUDeviceLostInfo | undefined;
  private destroyed = false;

  private constructor(
    readonly adapter: GPUAdapter,
    readonly device: GPUDevice,
    readonly label: string,
    opts: GpuContextOptions,
  ) {
    this.info = describeAdapter(adapter);
    this.lost = device.lost.then((info) => {
      this.lostInfo = info;
      return info;
    });
    this.pool = new BufferPool(device, { maxPooledBytes: opts.maxPooledBytes, errors: this.errors });
    this.pipelines = new PipelineCache(device);
    this.profiler = device.features.has('timestamp-query')
      ? scopedSync(device, this.errors, 'profiler query set', () => new GpuProfiler(device))
      : undefined;
    // Errors outside any scope would otherwise only reach the console; the next flush()/read() throws them.
    device.onuncapturederror = (ev: GPUUncapturedErrorEvent) => {
      this.errors.report(new GpuValidationError(`device '${label}' (uncaptured)`, ev.error.message));
    };
    this.batcher = new CommandBatcher(device, this.pool, {
      maxDispatchesPerFlush: opts.maxDispatchesPerFlush,
      profiler: this.profiler,
      errors: this.errors,
    });
    this.pool.isBusy = () => this.batcher.busy;
  }

  static async create(gpu: GPU, opts: GpuContextOptions = {}): Promise<GpuContext> {
    const label = opts.label ?? 'webclas';
    const adapter = await gpu.requestAdapter({ powerPreference: opts.powerPreference });
    if (!adapter)
      throw new Error(`GpuContext(${label}): no WebGPU adapter available (requestAdapter returned null)`);
    // Ask for everything the adapter offers: the defaults (e.g. 128 MiB storage bindings) are far below real GPUs.
    const requiredLimits: Record<string, number> = {};
    for (const k in adapter.limits) {
      const v = (adapter.limits as unknown as Record<string, unknown>)[k];
      if (typeof v === 'number') requiredLimits[k] = v;
    }
    const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f));
    const device = await adapter.requestDevice({ label, requiredLimits, requiredFeatures });
    return new GpuContext(adapter, device, label, opts);
  }

  /** True once the device was lost or destroy() was called. */
  get isLost(): boolean {
    return this.destroyed || this.lostInfo !== undefined;
  }

  /** An uninitialised tensor from the pool (contents are whatever the buffer held last). */
  empty(shape: number[], dtype: GpuDType = 'f32', label = 'tensor'): GpuTensor {
    assertShape(label, shape);
    const size = shapeSize(shape);
    const buffer = this.pool.acquire(Math.max(4, size * 4), tensorUsage(), label);
    return { buffer, shape: [...shape], dtype, size };
  }

  /** Copies host data into a new pooled tensor; dtype follows the array type. */
  upload(data: Float32Array | Uint32Array | Int32Array, shape: number[], label = 'upload'): GpuTensor {
    assertShape(label, shape);
    const size = shapeSize(shape);
    if (data.length !== size) {
      throw new Error(
        `upload(${label}): ${data.length} values do not fill shape ${formatShape(shape)} (${size})`,
      );
    }
    const dtype: GpuDType =
      data instanceof Float32Array ? 'f32' : data instanceof Uint32Array ? 'u32' : 'i32';
    const t = this.empty(shape, dtype, label);
    if (size > 0) this.device.queue.writeBuffer(t.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return t;
  }

  /** Returns a tensor's buffer to the pool; the tensor must not be used afterwards. */
  release(t: GpuTensor): void {
    this.pool.release(t.buffer);
  }

  /** Submits recorded work; rejects with compile or earlier asynchronous errors. */
  async flush(): Promise<void> {
    this.assertAlive();
    await this.batcher.flush();
    this.errors.throwIfAny();
  }

  /** Flushes and waits until the queue has finished everything submitted. */
  async sync(): Promise<void> {
    await this.flush();
    await this.raceLost(this.device.queue.onSubmittedWorkDone());
    this.errors.throwIfAny();
  }

  /** Reads a tensor back as float32 (u32/i32 values converted); asynchronous only. */
  async read(t: GpuTensor): Promise<Float32Array> {
    const raw = await this.readBytes(t);
    if (t.dtype === 'f32') return new Float32Array(raw);
    return Float32Array.from(t.dtype === 'u32' ? new Uint32Array(raw) : new Int32Array(raw));
  }

  /** Reads a tensor back in its own dtype. */
  async readTyped(t: GpuTensor): Promise<Float32Array | Uint32Array | Int32Array> {
    const raw = await this.readBytes(t);
    return t.dtype === 'f32'
      ? new Float32Array(raw)
      : t.dtype === 'u32'
        ? new Uint32Array(raw)
        : new Int32Array(raw);
  }

  /** Destroys the device and every pooled buffer; `lost` then resolves with reason 'destroyed'. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.profiler?.destroy();
    this.pool.destroy();
    this.device.destroy();
  }

  private async readBytes(t: GpuTensor): Promise<ArrayBuffer> {
    await this.flush();
    const bytes = t.size * 4;
    if (bytes === 0) return new ArrayBuffer(0);
    const staging = this.pool.acquire(bytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, 'readback');
    try {
      scopedSync(this.device, this.errors, `readback of '${t.buffer.label}'`, () => {
        const enc = this.device.createCommandEncoder({ label: `readback of ${t.buffer.label}` });
        enc.copyBufferToBuffer(t.buffer, 0, staging, 0, bytes);
        this.device.queue.submit([enc.finish()]);
      });
      await this.raceLost(staging.mapAsync(GPUMapMode.READ, 0, bytes));
      const out = staging.getMappedRange(0, bytes).slice(0);
      staging.unmap();
      this.errors.throwIfAny();
      return out;
    } finally {
      if (!this.isLost) this.pool.release(staging);
    }
  }

  private assertAlive(): void {
    if (this.lostInfo) throw new GpuDeviceLostError(this.lostInfo.reason, this.lostInfo.message);
    if (this.destroyed) throw new GpuDeviceLostError('destroyed', `context '${this.label}' was destroyed`);
  }

  /** Awaits p, but rejects with GpuDeviceLostError if the device is lost first (mapAsync may otherwise hang). */
  private async raceLost<T>(p: Promise<T>): Promise<T> {
    const lost = this.lost.then((info): never => {
      throw new GpuDeviceLostError(info.reason, info.message);
    });
    try {
      return await Promise.race([p, lost]);
    } catch (e) {
      if (this.lostInfo && !(e instanceof GpuDeviceLostError)) {
        throw new GpuDeviceLostError(this.lostInfo.reason, this.lostInfo.message);
      }
      throw e;
    } finally {
      // Whichever loses the race must not surface later as an unhandled rejection.
      lost.catch(() => {});
      p.catch(() => {});
    }
  }
}
