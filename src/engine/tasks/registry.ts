// The tasks the CLI can run in either runtime, loaded lazily so a command pulls in only what it needs.
import type { Task } from './task-types.ts';

export const taskLoaders: Record<string, () => Promise<Task>> = {
  'gpu-info': async () => (await import('./gpu-info.ts')).gpuInfoTask,
  'bench-matmul': async () => (await import('../bench/matmul-bench.ts')).matmulBenchTask,
  'bench-augment': async () => (await import('../bench/augment-bench.ts')).augmentBenchTask,
  classify: async () => (await import('../infer/classify-task.ts')).classifyTask,
  'bench-models': async () => (await import('../bench/models/models-task.ts')).modelsBenchTask,
  'bench-classify': async () => (await import('../bench/classify-bench.ts')).classifyBenchTask,
  'bench-import': async () => (await import('../bench/import-bench.ts')).importBenchTask,
  'bench-train': async () => (await import('../bench/train-bench.ts')).trainBenchTask,
  train: async () => (await import('../nn/loop/train-task.ts')).trainTask,
  eval: async () => (await import('../nn/loop/eval-task.ts')).evalTask,
};

export async function loadTask(name: string): Promise<Task> {
  const load = taskLoaders[name];
  if (!load) throw new Error(`unknown task '${name}' (known: ${Object.keys(taskLoaders).join(', ')})`);
  return load();
}
