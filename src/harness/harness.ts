// Page side of the CLI's browser runtime: runs an engine task on navigator.gpu and streams its output to Node.
import { loadTask } from '../engine/tasks/registry.ts';
import type { TaskArgs } from '../engine/tasks/task-types.ts';

declare global {
  interface Window {
    webclasEmit(json: string): void;
    webclasProgress(message: string): void;
    webclasRun(task: string, args: TaskArgs): Promise<void>;
    webclasReady: boolean;
  }
}

window.webclasRun = async (name, args) => {
  if (!navigator.gpu) throw new Error('WebGPU is not available in this browser (navigator.gpu is missing)');
  const task = await loadTask(name);
  await task(navigator.gpu, args, {
    emit: (result) => window.webclasEmit(JSON.stringify(result)),
    progress: (message) => window.webclasProgress(message),
  });
};
window.webclasReady = true;
