// How the Augment Gallery reaches the GPU worker (the one device owner): the app passes this in, so features
// never import the app.
import type { Remote } from 'comlink';
import type { GpuWorkerApi } from '../../../workers/gpu-api.ts';

export type GpuCall = <T>(call: (api: Remote<GpuWorkerApi>) => Promise<T>) => Promise<T>;
