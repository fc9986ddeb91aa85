// Classifies image files with one model on the chosen backend: decode each file (an unreadable one becomes an error
// item, the rest go on), then one batch through the GPU or the WASM pipeline. Used by the GPU worker and the CLI.
import type { GpuContext } from '../gpu/context.ts';
import { type GpuImage, uploadBitmap } from '../kernels/preprocess/preprocess.ts';
import type { U8Image } from '../preprocess/image.ts';
import { type ClassifyOutcome, classifyCpu, classifyGpu, InputBuffers, warmupDims } from './classify.ts';
import { bitmapPixels, decodeImage } from './decode.ts';
import type { ResolvedModel } from './resolved-model.ts';
import {
  type Backend,
  type CachedSession,
  type OrtModule,
  SessionCache,
  type SessionInfo,
} from './session-cache.ts';

export interface ImageFile {
  name: string;
  blob: Blob;
}

export type ClassifyItem =
  | ({ name: string; ok: true; width: number; height: number; backend: Backend } & ClassifyOutcome)
  | { name: string; ok: false; error: string };

export interface RunnerDeps {
  /** ORT for WebGPU sessions (the /webgpu build) and for WASM sessions (the lighter /wasm build). */
  ortWebGpu: () => Promise<OrtModule>;
  ortWasm: () => Promise<OrtModule>;
  /** The shared GPU context (only asked for on the WebGPU backend). */
  gpu: () => Promise<GpuContext>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class ClassifyRunner {
  private caches = new Map<Backend, Promise<SessionCache>>();
  private inputs: { ctx: GpuContext; buffers: InputBuffers } | undefined;

  constructor(private readonly deps: RunnerDeps) {}

  private ort(backend: Backend): Promise<OrtModule> {
    return backend === 'webgpu' ? this.deps.ortWebGpu() : this.deps.ortWasm();
  }

  private cache(backend: Backend): Promise<SessionCache> {
    let c = this.caches.get(backend);
    if (!c) {
      c = this.ort(backend).then((ort) => new SessionCache(ort));
      this.caches.set(backend, c);
      c.catch(() => this.caches.delete(backend));
    }
    return c;
  }

  /** Creates (or reuses) the session, warmed up. */
  async prepare(model: ResolvedModel, backend: Backend): Promise<SessionInfo> {
    return (await this.session(model, backend)).info;
  }

  private async session(model: ResolvedModel, backend: Backend): Promise<CachedSession> {
    const device = backend === 'webgpu' ? (await this.deps.gpu()).device : undefined;
    return (await this.cache(backend)).get({
      modelKey: model.modelKey,
      bytes: model.bytes,
      backend,
      device,
      inputName: model.inputName,
      outputName: model.outputName,
      warmupDims: warmupDims(model.classifier.preprocess),
    });
  }

  private buffers(ctx: GpuContext): InputBuffers {
    if (this.inputs?.ctx !== ctx) {
      this.inputs?.buffers.destroy();
      this.inputs = { ctx, buffers: new InputBuffers(ctx) };
    }
    return this.inputs.buffers;
  }

  /** Classifies the files as one batch; items come back in the files' order. */
  async classify(
    model: ResolvedModel,
    backend: Backend,
    files: readonly ImageFile[],
    k = 5,
  ): Promise<ClassifyItem[]> {
    const s = await this.session(model, backend);
    const ort = await this.ort(backend);
    const items: (ClassifyItem | undefined)[] = new Array(files.length);
    const bitmaps: { at: number; bitmap: ImageBitmap }[] = [];
    await Promise.all(
      files.map(async (f, at) => {
        try {
          bitmaps.push({ at, bitmap: await decodeImage(f.blob, f.name) });
        } catch (e) {
          items[at] = { name: f.name, ok: false, error: message(e) };
        }
      }),
    );
    bitmaps.sort((a, b) => a.at - b.at);
    const done = (at: number, bitmap: ImageBitmap, r: ClassifyOutcome): ClassifyItem => ({
      name: files[at].name,
      ok: true,
      width: bitmap.width,
      height: bitmap.height,
      backend,
      ...r,
    });
    try {
      if (bitmaps.length > 0) {
        const run = async (group: typeof bitmaps) => {
          if (backend === 'webgpu') {
            const ctx = await this.deps.gpu();
            const uploaded: GpuImage[] = [];
            try {
              for (const b of group) uploaded.push(uploadBitmap(ctx, b.bitmap, files[b.at].name));
              return await classifyGpu(ort, s, ctx, this.buffers(ctx), model.classifier, uploaded, k);
            } finally {
              for (const u of uploaded) u.texture.destroy();
            }
          }
          const pixels: U8Image[] = group.map((b) => bitmapPixels(b.bitmap));
          return classifyCpu(ort, s, model.classifier, pixels, k);
        };
        try {
          const results = await run(bitmaps);
          bitmaps.forEach((b, i) => {
            items[b.at] = done(b.at, b.bitmap, results[i]);
          });
        } catch {
          // One bad image (too large for a texture, say) must not sink the batch: retry one by one to find it.
          for (const b of bitmaps) {
            try {
              items[b.at] = done(b.at, b.bitmap, (await run([b]))[0]);
            } catch (e) {
              items[b.at] = { name: files[b.at].name, ok: false, error: message(e) };
            }
          }
        }
      }
    } finally {
      for (const b of bitmaps) b.bitmap.close();
    }
    return items as ClassifyItem[];
  }

  async dispose(): Promise<void> {
    for (const c of this.caches.values()) await (await c.catch(() => undefined))?.releaseAll();
    this.caches.clear();
    this.inputs?.buffers.destroy();
    this.inputs = undefined;
  }
}
