// Image bytes → RGBA in Node (the `--runtime node` CLI, which has no image decoder): MozJPEG compiled to WASM for
// JPEG, pngjs for PNG. Only Node reaches this file: decode-pixels.ts imports it as `#node-decode`, which resolves to
// decode-pixels-unavailable.ts under the `browser` condition (package.json "imports").
import type { U8Image } from '../preprocess/image.ts';
import { ImageFileError } from './decode.ts';

export async function decodeInNode(bytes: Uint8Array, name: string, format: string): Promise<U8Image> {
  try {
    if (format === 'jpeg') {
      const decode = await mozjpeg();
      // EXIF orientation is applied by the caller (orientRgba), so MozJPEG must not.
      const img = await decode(bytes.slice().buffer, { preserveOrientation: false });
      return { width: img.width, height: img.height, channels: 4, data: new Uint8Array(img.data.buffer) };
    }
    if (format === 'png') {
      const { PNG } = await import('pngjs');
      // pngjs expands palette/grey/16-bit images to 8-bit RGBA.
      const img = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: img.width, height: img.height, channels: 4, data: new Uint8Array(img.data) };
    }
  } catch (e) {
    throw new ImageFileError(`${name}: could not decode it (${e instanceof Error ? e.message : String(e)})`);
  }
  throw new ImageFileError(
    `${name}: ${format} images decode only in a browser; in Node (--runtime node) use JPEG or PNG`,
  );
}

type JpegDecode = (buffer: ArrayBuffer, options: { preserveOrientation: boolean }) => Promise<ImageData>;
let mozjpegReady: Promise<JpegDecode> | null = null;
const MOZJPEG_WASM = './mozjpeg_dec.wasm';

/**
 * @jsquash/jpeg in Node: its Emscripten glue cannot read its .wasm from disk by itself, so compile it here. The
 * standalone bundle ships the .wasm beside itself (scripts/bundle-node.mjs); from the repo it is in node_modules.
 */
function mozjpeg(): Promise<JpegDecode> {
  mozjpegReady ??= (async () => {
    const { readFile } = await import('node:fs/promises');
    const { createRequire } = await import('node:module');
    // A variable, not a literal: Vite would try to resolve `new URL('…', import.meta.url)` at build time.
    const beside = new URL(MOZJPEG_WASM, import.meta.url);
    const bytes = await readFile(beside).catch(() =>
      readFile(createRequire(import.meta.url).resolve('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm')),
    );
    const { default: decode, init } = await import('@jsquash/jpeg/decode.js');
    await init(await WebAssembly.compile(bytes));
    return decode as JpegDecode;
  })();
  return mozjpegReady;
}
