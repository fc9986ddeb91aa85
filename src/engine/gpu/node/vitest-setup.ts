// Vitest setup for the `gpu-node` project: gives Node a `navigator.gpu` from the `webgpu` package (Dawn).
import { installNodeGpu } from './node-gpu.ts';

installNodeGpu();
