// The Gallery's connection to its augmentation worker (comlink). Interim until the shared GPU worker exposes
// augmentation; then this becomes a GpuCall like the other screens use.
import { type Remote, wrap } from 'comlink';
import type { AugmentWorkerApi } from '../../../workers/augment.worker.ts';

let remote: Remote<AugmentWorkerApi> | undefined;

export function augmentWorker(): Remote<AugmentWorkerApi> {
  remote ??= wrap<AugmentWorkerApi>(
    new Worker(new URL('../../../workers/augment.worker.ts', import.meta.url), {
      type: 'module',
      name: 'augment',
    }),
  );
  return remote;
}
