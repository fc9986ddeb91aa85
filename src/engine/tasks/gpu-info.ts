// `webclas gpu-info`: the adapter and the device the studio would create on it, as one JSON object.
import { GpuContext } from '../gpu/context.ts';
import type { Task } from './task-types.ts';

export const gpuInfoTask: Task = async (gpu, _args, io) => {
  const ctx = await GpuContext.create(gpu, { label: 'gpu-info' });
  try {
    io.emit({
      adapter: ctx.info,
      deviceFeatures: [...ctx.device.features].sort(),
      profiler: ctx.profiler !== undefined,
    });
  } finally {
    ctx.destroy();
  }
};
