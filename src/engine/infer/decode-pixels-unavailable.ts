// What `#node-decode` resolves to in a browser build: browsers decode with createImageBitmap (decode-pixels.ts), so
// this is never called there; it exists so MozJPEG, pngjs and their Node built-ins stay out of the browser graph.
import type { U8Image } from '../preprocess/image.ts';
import { ImageFileError } from './decode.ts';

export async function decodeInNode(_bytes: Uint8Array, name: string, format: string): Promise<U8Image> {
  throw new ImageFileError(
    `${name}: no ${format} decoder here (createImageBitmap is missing in this browser)`,
  );
}
