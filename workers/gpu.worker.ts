// The one GPU worker (module worker): exposes the GPU service over comlink. It owns the studio's single
// GPUDevice and ONNX Runtime; the UI thread never touches WebGPU.
import { expose } from 'comlink';
import { createGpuService } from './gpu-service.ts';

const ortBuild = 'onnxruntime-web/webgpu';

expose(
  createGpuService({
    gpu: (self.navigator as Navigator & { gpu?: GPU }).gpu,
    scope: self,
    // Imported here and only on demand, never statically: ORT is large and the shell must not wait for it.
    loadOrt: () => import('onnxruntime-web/webgpu'),
    ortBuild,
  }),
);
