// GPU preprocessing launcher: uploads decoded images as rgba8unorm textures and writes resize → centre crop →
// normalize for a whole batch into one storage buffer that ORT takes as input (Tensor.fromGpuBuffer).
import type { GpuContext } from '../../gpu/context.ts';
import type { U8Image } from '../../preprocess/image.ts';
import type { PreprocessOptions } from '../../preprocess/pipeline.ref.ts';
import { horizontalWgsl, TILE, verticalWgsl } from './preprocess.wgsl.ts';
import { PARAMS_BYTES, packParams, planPreprocess } from './preprocess-plan.ts';

/** An image on the GPU; the caller owns the texture and destroys it after preprocessing was submitted. */
export interface GpuImage {
  texture: GPUTexture;
  width: number;
  height: number;
}

const IMAGE_USAGE = () =>
  GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST | GPUTextureUsage.RENDER_ATTACHMENT;

function imageTexture(ctx: GpuContext, width: number, height: number, label: string): GPUTexture {
  const max = ctx.device.limits.maxTextureDimension2D;
  if (width > max || height > max) {
    throw new Error(
      `preprocess: image ${label} is ${width}×${height}, larger than this GPU's ${max}-pixel texture limit`,
    );
  }
  return ctx.device.createTexture({
    label,
    size: [width, height],
    format: 'rgba8unorm',
    usage: IMAGE_USAGE(),
  });
}

/** Uploads 8-bit RGBA pixels (tests, and decoders that give ImageData). Alpha is ignored by the kernels. */
export function uploadRgba(ctx: GpuContext, img: U8Image, label = 'image'): GpuImage {
  if (img.channels !== 4)
    throw new Error(`preprocess: uploadRgba(${label}) needs RGBA pixels, got ${img.channels} channels`);
  if (img.data.length !== img.width * img.height * 4) {
    throw new Error(`preprocess: ${label} is ${img.width}×${img.height} but has ${img.data.length} bytes`);
  }
  const texture = imageTexture(ctx, img.width, img.height, label);
  const bytes = new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  ctx.device.queue.writeTexture(
    { texture },
    bytes as Uint8Array<ArrayBuffer>,
    { bytesPerRow: img.width * 4 },
    [img.width, img.height],
  );
  return { texture, width: img.width, height: img.height };
}

/** Uploads a decoded bitmap without a CPU copy (unpremultiplied, so colours equal the file's 8-bit values). */
export function uploadBitmap(ctx: GpuContext, bitmap: ImageBitmap, label = 'bitmap'): GpuImage {
  const texture = imageTexture(ctx, bitmap.width, bitmap.height, label);
  ctx.device.queue.copyExternalImageToTexture({ source: bitmap }, { texture, premultipliedAlpha: false }, [
    bitmap.width,
    bitmap.height,
  ]);
  return { texture, width: bitmap.width, height: bitmap.height };
}

/** Shape of the batch output: [N,3,H,W] or [N,H,W,3]. */
export function batchDims(o: PreprocessOptions, n: number, width: number, height: number): number[] {
  return o.layout === 'NCHW' ? [n, 3, height, width] : [n, height, width, 3];
}

/** A buffer ORT can take as a float32 input of `elements` values (STORAGE, and COPY_SRC for reading back). */
export function createInputBuffer(ctx: GpuContext, elements: number, label = 'model input'): GPUBuffer {
  return ctx.device.createBuffer({
    label,
    size: Math.max(16, elements * 4),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
}

/**
 * Records and submits the preprocessing of every image (one encoder, one submit) into `out`, which must hold
 * N·3·H·W floats. Every image must come out at the same size (a crop or an exact resize ensures it).
 */
export async function preprocessBatch(
  ctx: GpuContext,
  images: readonly GpuImage[],
  o: PreprocessOptions,
  out: GPUBuffer,
): Promise<{ dims: number[] }> {
  if (images.length === 0) throw new Error('preprocess: no images in the batch');
  const plans = images.map((im) => planPreprocess(o, im.width, im.height));
  const { outWidth: W, outHeight: H } = plans[0];
  const bad = plans.findIndex((p) => p.outWidth !== W || p.outHeight !== H);
  if (bad >= 0) {
    throw new Error(
      `preprocess: image ${bad} comes out ${plans[bad].outWidth}×${plans[bad].outHeight}, image 0 ${W}×${H}; set a crop`,
    );
  }
  const per = 3 * W * H;
  if (out.size < images.length * per * 4) {
    throw new Error(
      `preprocess: output buffer has ${out.size} bytes, the batch needs ${images.length * per * 4}`,
    );
  }
  const [hPipe, vPipe] = await Promise.all([
    ctx.pipelines.get({ key: 'preprocess/horizontal', code: horizontalWgsl }),
    ctx.pipelines.get({ key: 'preprocess/vertical', code: verticalWgsl }),
  ]);
  const device = ctx.device;
  const pool = ctx.pool;
  const held: GPUBuffer[] = [];
  const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
  const encoder = device.createCommandEncoder({ label: `preprocess ×${images.length}` });
  const pass = encoder.beginComputePass({ label: 'preprocess' });
  plans.forEach((plan, n) => {
    const params = pool.acquire(
      PARAMS_BYTES,
      GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      'preprocess params',
    );
    device.queue.writeBuffer(params, 0, packParams(o, plan, n * per));
    const taps = pool.acquire(plan.taps.byteLength, storage, 'preprocess taps');
    device.queue.writeBuffer(taps, 0, plan.taps);
    const scratch = pool.acquire(
      Math.max(16, plan.rows * W * 16),
      GPUBufferUsage.STORAGE,
      'preprocess scratch',
    );
    held.push(params, taps, scratch);
    const common = [
      { binding: 0, resource: { buffer: params, size: PARAMS_BYTES } },
      { binding: 1, resource: { buffer: taps, size: plan.taps.byteLength } },
    ];
    pass.setPipeline(hPipe);
    pass.setBindGroup(
      0,
      device.createBindGroup({
        label: `preprocess horizontal ${n}`,
        layout: hPipe.getBindGroupLayout(0),
        entries: [
          ...common,
          { binding: 2, resource: images[n].texture.createView() },
          { binding: 3, resource: { buffer: scratch } },
        ],
      }),
    );
    pass.dispatchWorkgroups(Math.ceil(W / TILE), Math.ceil(plan.rows / TILE));
    pass.setPipeline(vPipe);
    pass.setBindGroup(
      0,
      device.createBindGroup({
        label: `preprocess vertical ${n}`,
        layout: vPipe.getBindGroupLayout(0),
        entries: [
          ...common,
          { binding: 2, resource: { buffer: scratch } },
          { binding: 3, resource: { buffer: out } },
        ],
      }),
    );
    pass.dispatchWorkgroups(Math.ceil(W / TILE), Math.ceil(H / TILE));
  });
  pass.end();
  device.pushErrorScope('validation');
  device.queue.submit([encoder.finish()]);
  const err = await device.popErrorScope();
  // Queue order makes reuse safe: anything written into these buffers later runs after this submit.
  for (const b of held) pool.release(b);
  if (err) throw new Error(`preprocess: WebGPU rejected the batch: ${err.message}`);
  return { dims: batchDims(o, images.length, W, H) };
}
