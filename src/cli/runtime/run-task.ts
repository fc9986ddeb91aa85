// Picks the runtime a task runs in: headless Chromium (the product's runtime) or Node/Dawn.
// Runtimes are imported lazily so the self-contained Node bundle carries no browser tooling.
import type { TaskArgs, TaskIO } from '../../engine/tasks/task-types.ts';

export type Runtime = 'browser' | 'node';

/** Set by scripts/bundle-node.mjs: the standalone bundle has only the Node runtime. */
export const isNodeBundle = process.env.WEBCLAS_BUNDLE === 'node';

export function parseRuntime(value: unknown): Runtime {
  if (value === undefined) return isNodeBundle ? 'node' : 'browser';
  if (value === 'node') return 'node';
  if (value === 'browser') {
    if (isNodeBundle)
      throw new Error('this standalone bundle runs only --runtime node; use the repo for the browser');
    return 'browser';
  }
  throw new Error(`--runtime must be browser or node, not '${String(value)}'`);
}

export async function runTask(runtime: Runtime, task: string, args: TaskArgs, io: TaskIO): Promise<void> {
  if (runtime === 'node') return (await import('./node.ts')).runInNode(task, args, io);
  return (await import('./browser.ts')).runInBrowser(task, args, io);
}
