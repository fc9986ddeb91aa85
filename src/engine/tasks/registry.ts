// The tasks the CLI can run in either runtime, loaded lazily so a command pulls in only what it needs.
import type { Task } from './task-types.ts';

export const taskLoaders: Record<string, () => Promise<Task>> = {
  'gpu-info': async () => (await import('./gpu-info.ts')).gpuInfoTask,
  'bench-matmul': async () => (await import('../bench/matmul-bench.ts')).matmulBenchTask,
  classify: async () => (await import('../infer/classify-task.ts')).classifyTask,
};

export async function loadTask(name: string): Promise<Task> {
  const load = taskLoaders[name];
  if (!load) throw new Error(`unknown task '${name}' (known: ${Object.keys(taskLoaders).join(', ')})`);
  return load();
}
