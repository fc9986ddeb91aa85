// Typed GPU errors: a lost device and a validation/compilation failure, so callers can tell them apart.

/** Thrown by in-flight and later work on a device that was lost (destroyed, driver reset, out of memory). */
export class GpuDeviceLostError extends Error {
  override readonly name = 'GpuDeviceLostError';
  constructor(
    /** The WebGPU reason: 'destroyed' (device.destroy(), e.g. injected in tests) or 'unknown'. */
    readonly reason: GPUDeviceLostReason,
    message: string,
  ) {
    super(`GPU device lost (${reason}): ${message || 'no message'}`);
  }
}

/** A WebGPU validation error or a WGSL compilation error, with the label of what was being created. */
export class GpuValidationError extends Error {
  override readonly name = 'GpuValidationError';
  constructor(
    /** Label or shader key of the object whose creation failed. */
    readonly what: string,
    /** The implementation's own message(s), verbatim. */
    readonly gpuMessage: string,
  ) {
    super(`${what}: ${gpuMessage}`);
  }
}

/**
 * Runs a synchronous GPU object creation inside a validation + out-of-memory error scope and throws the first
 * error it caught. Validation errors are reported asynchronously, so the object is returned through a promise.
 */
export async function withErrorScope<T>(device: GPUDevice, what: string, create: () => T): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let value: T | undefined;
  let thrown: unknown;
  try {
    value = create();
  } catch (e) {
    thrown = e;
  }
  // Both scopes are popped before any await, even when create() threw, so later scopes do not nest wrongly.
  const validation = device.popErrorScope();
  const oom = device.popErrorScope();
  const [v, o] = await Promise.all([validation, oom]);
  if (thrown !== undefined) throw thrown;
  if (v) throw new GpuValidationError(what, v.message);
  if (o) throw new GpuValidationError(what, `out of memory: ${o.message}`);
  return value as T;
}

/**
 * Collects errors that WebGPU reports asynchronously for synchronous calls (buffer creation, submits) so the
 * next awaited operation (flush, read) can throw them instead of them vanishing.
 */
export class GpuErrorSink {
  private readonly errors: Error[] = [];
  report(e: Error): void {
    this.errors.push(e);
  }
  /** Throws the first pending error (the others are appended to its message) and clears the list. */
  throwIfAny(): void {
    if (this.errors.length === 0) return;
    const [first, ...rest] = this.errors.splice(0);
    if (rest.length > 0)
      first.message += ` (and ${rest.length} more: ${rest.map((e) => e.message).join('; ')})`;
    throw first;
  }
}

/** Like withErrorScope but for hot synchronous paths: the check runs in the background into a sink. */
export function scopedSync<T>(device: GPUDevice, sink: GpuErrorSink, what: string, create: () => T): T {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  try {
    return create();
  } finally {
    const v = device.popErrorScope();
    const o = device.popErrorScope();
    Promise.all([v, o]).then(
      ([ve, oe]) => {
        if (ve) sink.report(new GpuValidationError(what, ve.message));
        if (oe) sink.report(new GpuValidationError(what, `out of memory: ${oe.message}`));
      },
      // popErrorScope rejects only when the device is lost; the lost promise reports that.
      () => {},
    );
  }
}
