// Peak GPU memory of ORT's WebGPU EP, measured on the studio's own device: while a benchmark runs, the device's
// createBuffer is wrapped to count the bytes of buffers alive (created and not yet destroyed). ORT allocates every
// buffer through the device it was given, so this is its real footprint in buffers (textures are not counted:
// ORT's WebGPU EP uses none for CNN inference).

export interface GpuMemoryTracker {
  /** Bytes alive now, counting only buffers created since tracking began. */
  readonly liveBytes: number;
  readonly peakBytes: number;
  /** Restores the device's own createBuffer. */
  stop(): void;
}

export function trackGpuMemory(device: GPUDevice): GpuMemoryTracker {
  const original = device.createBuffer;
  let live = 0;
  let peak = 0;
  let stopped = false;
  const wrapped = function (this: GPUDevice, desc: GPUBufferDescriptor): GPUBuffer {
    const buffer = original.call(this, desc);
    if (stopped) return buffer;
    const size = buffer.size;
    live += size;
    peak = Math.max(peak, live);
    const destroy = buffer.destroy;
    let alive = true;
    buffer.destroy = function (this: GPUBuffer) {
      if (alive) {
        alive = false;
        live -= size;
      }
      return destroy.call(this);
    };
    return buffer;
  };
  device.createBuffer = wrapped;
  return {
    get liveBytes() {
      return live;
    },
    get peakBytes() {
      return peak;
    },
    stop() {
      stopped = true;
      // Only undo our own wrapper: someone may have wrapped it again since.
      if (device.createBuffer === wrapped) device.createBuffer = original;
    },
  };
}
