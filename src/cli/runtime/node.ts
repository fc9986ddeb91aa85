// Node runtime of the CLI: the same engine task on Dawn (the `webgpu` package), for GPU servers without a browser.
import { installNodeGpu } from '../../engine/gpu/node/node-gpu.ts';
import { loadTask } from '../../engine/tasks/registry.ts';
import type { TaskArgs, TaskIO } from '../../engine/tasks/task-types.ts';

export async function runInNode(task: string, args: TaskArgs, io: TaskIO): Promise<void> {
  const gpu = installNodeGpu();
  const run = await loadTask(task);
  await run(gpu, args, io);
}
