// Owns the current GpuContext and replaces it after a device loss: listeners are told, in-flight run() calls
// reject with GpuDeviceLostError (raced against ctx.lost, never a hang), and the next get()/run() gets a new device.
import { GpuContext, type GpuContextOptions } from './context.ts';
import { GpuDeviceLostError } from './errors.ts';

export type DeviceLostListener = (info: GPUDeviceLostInfo, ctx: GpuContext) => void;

export class DeviceManager {
  private current: GpuContext | undefined;
  private creating: Promise<GpuContext> | undefined;
  private readonly listeners = new Set<DeviceLostListener>();
  private disposed = false;
  /** Devices created so far (1 + the number of recoveries). */
  generation = 0;

  constructor(
    private readonly gpu: GPU,
    private readonly opts: GpuContextOptions = {},
  ) {}

  /** The live context, creating one (once, even for concurrent callers) when there is none or it was lost. */
  get(): Promise<GpuContext> {
    if (this.disposed) return Promise.reject(new Error('DeviceManager: used after dispose()'));
    if (this.current && !this.current.isLost) return Promise.resolve(this.current);
    this.current = undefined;
    this.creating ??= GpuContext.create(this.gpu, {
      ...this.opts,
      label: `${this.opts.label ?? 'webclas'}#${this.generation + 1}`,
    })
      .then((ctx) => {
        this.generation++;
        this.current = ctx;
        ctx.lost.then((info) => this.handleLost(ctx, info));
        return ctx;
      })
      .finally(() => {
        this.creating = undefined;
      });
    return this.creating;
  }

  /**
   * Runs fn with the live context. If the device is lost while fn runs, the returned promise rejects with
   * GpuDeviceLostError even when fn itself would never settle (e.g. waiting on mapAsync).
   */
  async run<T>(fn: (ctx: GpuContext) => Promise<T>): Promise<T> {
    const ctx = await this.get();
    const lost = ctx.lost.then((info): never => {
      throw new GpuDeviceLostError(info.reason, info.message);
    });
    const work = fn(ctx);
    try {
      return await Promise.race([work, lost]);
    } catch (e) {
      if (ctx.isLost && !(e instanceof GpuDeviceLostError)) {
        // Work that failed because its device went away (AbortError from mapAsync, destroyed buffers) is a loss.
        throw new GpuDeviceLostError('destroyed', e instanceof Error ? e.message : String(e));
      }
      throw e;
    } finally {
      lost.catch(() => {});
      work.catch(() => {});
    }
  }

  /** Called on every loss of a managed device; returns an unsubscribe function. */
  onLost(cb: DeviceLostListener): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Test hook: destroys the current device as a driver reset would (reason 'destroyed'). */
  injectLoss(): void {
    const ctx = this.current;
    if (!ctx) throw new Error('DeviceManager.injectLoss: no device has been created yet');
    // Dropped at once so the next get() creates a new device even before the lost promise has resolved.
    this.current = undefined;
    ctx.device.destroy();
  }

  /** Destroys the current device without notifying listeners; the manager cannot be used afterwards. */
  dispose(): void {
    this.disposed = true;
    this.current?.destroy();
    this.current = undefined;
  }

  private handleLost(ctx: GpuContext, info: GPUDeviceLostInfo): void {
    if (this.current === ctx) this.current = undefined;
    if (this.disposed) return;
    for (const cb of this.listeners) {
      try {
        cb(info, ctx);
      } catch (e) {
        // One failing listener must not stop the others from hearing about the loss.
        console.error('DeviceManager: onLost listener threw', e);
      }
    }
  }
}
