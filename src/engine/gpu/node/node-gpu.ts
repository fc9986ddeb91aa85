// Dawn in Node through the `webgpu` npm package: installs WebGPU globals and a `navigator.gpu`.
// The object `create()` returns must stay reachable for the whole process: if it is collected, Dawn aborts.
import { tmpdir } from 'node:os';
import { create, globals } from 'webgpu';

let keptAlive: GPU | undefined;

/** Installs `navigator.gpu` (and GPUBufferUsage & co.) once; returns the GPU object. */
export function installNodeGpu(options: string[] = []): GPU {
  if (keptAlive) return keptAlive;
  // On machines without a GPU, point Dawn at Chromium's SwiftShader Vulkan driver unless told otherwise.
  process.env.VK_DRIVER_FILES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
  // Dawn's Vulkan loader complains on stderr without it (harmless, but noisy for a CLI).
  process.env.XDG_RUNTIME_DIR ??= tmpdir();
  Object.assign(globalThis, globals);
  keptAlive = create(options) as unknown as GPU;
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  if (nav) Object.defineProperty(nav, 'gpu', { value: keptAlive, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu: keptAlive }, configurable: true });
  (globalThis as { __webclasKeepGpu?: unknown }).__webclasKeepGpu = keptAlive;
  return keptAlive;
}
