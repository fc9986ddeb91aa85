// Records many compute dispatches and submits them in one command encoder on flush(), auto-flushing every N
// dispatches; 1-D dispatches over the per-dimension limit are split into 2-D grids (see dispatch-grid.ts).
import type { BufferPool } from './buffer-pool.ts';
import { splitLinear } from './dispatch-grid.ts';
import { type GpuErrorSink, scopedSync } from './errors.ts';
import type { PipelineRef } from './pipeline-cache.ts';
import type { GpuProfiler } from './profiler.ts';
import type { GpuTensor } from './tensor.ts';

/** One bind-group-0 entry, bound at binding = its index in the list. */
export type Binding = GpuTensor | GPUBuffer | { uniform: ArrayBufferView<ArrayBuffer> };

export interface DispatchSpec {
  pipeline: PipelineRef;
  bindings: Binding[];
  /**
   * A number: that many workgroups along a linear range; the batcher may split it into [x, y] and the kernel
   * must use linear_workgroup() and bounds-check. A tuple: an exact grid, each dim within the device limit.
   */
  workgroups: number | [number, number?, number?];
  label: string;
}

export interface CommandBatcherOptions {
  /** Auto-flush after this many recorded dispatches (tfjs uses 15, ORT 16). Default 32. */
  maxDispatchesPerFlush?: number;
  profiler?: GpuProfiler;
  errors: GpuErrorSink;
  /** Overrides limits.maxComputeWorkgroupsPerDimension (tests use a small value to exercise splitting). */
  maxWorkgroupsPerDimension?: number;
}

interface Recorded {
  pipeline: PipelineRef;
  entries: GPUBindGroupEntry[];
  grid: [number, number, number];
  label: string;
}

export class CommandBatcher {
  /** Number of queue.submit calls made so far (tests assert one submit per flush). */
  submits = 0;
  private pending: Recorded[] = [];
  /** The previous asynchronous flush (waiting for a compile); later flushes are chained after it. */
  private tail: Promise<void> | undefined;
  private readonly maxPerFlush: number;
  private readonly maxPerDim: number;
  private autoFlushError: unknown;

  constructor(
    private readonly device: GPUDevice,
    private readonly pool: BufferPool,
    private readonly opts: CommandBatcherOptions,
  ) {
    this.maxPerFlush = opts.maxDispatchesPerFlush ?? 32;
    this.maxPerDim = opts.maxWorkgroupsPerDimension ?? device.limits.maxComputeWorkgroupsPerDimension;
  }

  /** Dispatches recorded and not yet handed to the queue (including a flush still waiting on a compile). */
  get busy(): boolean {
    return this.pending.length > 0 || this.tail !== undefined;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  dispatch(spec: DispatchSpec): void {
    const grid = this.grid(spec);
    if (grid[0] * grid[1] * grid[2] === 0) return;
    const uniforms: GPUBuffer[] = [];
    const entries = spec.bindings.map((b, binding) => this.entry(b, binding, spec.label, uniforms));
    this.pending.push({ pipeline: spec.pipeline, entries, grid, label: spec.label });
    // Released only now that the dispatch is pending: the pool quarantines them until this batch is submitted,
    // so no later writeBuffer can overwrite the parameters first.
    for (const u of uniforms) this.pool.release(u);
    if (this.pending.length >= this.maxPerFlush) {
      // Errors of an automatic flush are kept and thrown by the next explicit flush().
      this.flush().catch((e: unknown) => {
        this.autoFlushError ??= e;
      });
    }
  }

  /**
   * Submits everything recorded, in one encoder and one queue.submit. Synchronous when every pipeline is already
   * compiled (the common case); otherwise waits for the compiles, keeping submission order.
   */
  flush(): Promise<void> {
    const err = this.autoFlushError;
    this.autoFlushError = undefined;
    const done = this.flushPending();
    // The work recorded since is still submitted; the earlier failure is reported afterwards.
    return err === undefined ? done : done.then(() => Promise.reject(err));
  }

  private flushPending(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.tail ?? Promise.resolve();
    if (this.tail === undefined && batch.every((d) => d.pipeline.pipeline)) {
      this.submit(batch);
      return Promise.resolve();
    }
    const prev = this.tail ?? Promise.resolve();
    const run = prev
      .catch(() => {})
      .then(() => Promise.all(batch.map((d) => d.pipeline.ready)))
      .then(() => this.submit(batch))
      .finally(() => {
        if (this.tail === run) {
          this.tail = undefined;
          // Buffers released while this batch waited can only be reused now that it is on the queue.
          if (this.pending.length === 0) this.pool.recycle();
        }
      });
    this.tail = run;
    return run;
  }

  private submit(batch: Recorded[]): void {
    const profiler = this.opts.profiler;
    const timed = profiler?.enabled === true;
    scopedSync(this.device, this.opts.errors, `submit of ${batch.length} dispatches`, () => {
      const encoder = this.device.createCommandEncoder({ label: `batch of ${batch.length}` });
      let pass: GPUComputePassEncoder | undefined;
      for (const d of batch) {
        if (timed || !pass) {
          pass?.end();
          const timestampWrites = timed ? profiler.timestampWrites(d.label) : undefined;
          pass = encoder.beginComputePass({ label: timed ? d.label : 'batched dispatches', timestampWrites });
        }
        const pipeline = d.pipeline.pipeline!;
        const bindGroup = this.device.createBindGroup({
          label: d.label,
          layout: pipeline.getBindGroupLayout(0),
          entries: d.entries,
        });
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(d.grid[0], d.grid[1], d.grid[2]);
      }
      pass?.end();
      this.device.queue.submit([encoder.finish()]);
      this.submits++;
    });
    if (this.pending.length === 0 && this.tail === undefined) this.pool.recycle();
  }

  private grid(spec: DispatchSpec): [number, number, number] {
    if (typeof spec.workgroups === 'number') return splitLinear(spec.workgroups, this.maxPerDim, spec.label);
    const [x, y = 1, z = 1] = spec.workgroups;
    for (const d of [x, y, z]) {
      if (!Number.isInteger(d) || d < 0 || d > this.maxPerDim) {
        throw new Error(
          `${spec.label}: workgroup grid [${x},${y},${z}] exceeds maxComputeWorkgroupsPerDimension ${this.maxPerDim}`,
        );
      }
    }
    return [x, y, z];
  }

  private entry(b: Binding, binding: number, label: string, uniforms: GPUBuffer[]): GPUBindGroupEntry {
    if ('uniform' in b) {
      const data = b.uniform;
      const usage = GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST;
      const buffer = this.pool.acquire(data.byteLength, usage, `${label} uniforms`);
      this.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
      uniforms.push(buffer);
      return { binding, resource: { buffer } };
    }
    if ('shape' in b) {
      // Bind only the tensor's bytes (pool buffers are rounded up to a size class).
      return { binding, resource: { buffer: b.buffer, offset: 0, size: Math.max(4, b.size * 4) } };
    }
    return { binding, resource: { buffer: b } };
  }
}
