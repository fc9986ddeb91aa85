// Images a `webclas train`/`eval` task cannot decode: each becomes one `skipped NAME: reason` progress line and is
// left out of the results, so one bad file never ends a run. Only ImageFileError (a file that is not a decodable
// image, or over the megapixel cap in Node) counts: a lost GPU device or a missing decoder still fails the run.
import { ImageFileError } from '../../infer/decode.ts';
import type { U8Image } from '../../preprocess/image.ts';

export class ImageSkips {
  /** Index of each skipped image in the list it was decoded from. */
  readonly indexes = new Set<number>();

  constructor(private readonly report: (line: string) => void) {}

  get count(): number {
    return this.indexes.size;
  }

  /**
   * `decode()`, or for a bad image a report line and `stand-in()` (its row is dropped afterwards with keepRows), so
   * a batch keeps its shape.
   */
  async guard<T>(i: number, decode: () => Promise<T>, standIn: () => T | Promise<T>): Promise<T> {
    try {
      return await decode();
    } catch (e) {
      if (!(e instanceof ImageFileError)) throw e;
      if (!this.indexes.has(i)) {
        this.indexes.add(i);
        // ImageFileError messages start with the file's name.
        this.report(`skipped ${e.message}`);
      }
      return standIn();
    }
  }

  /** The items not skipped, in order. */
  keep<T>(items: readonly T[]): T[] {
    return items.filter((_, i) => !this.indexes.has(i));
  }
}

/** Rows of a row-major [n, dim] matrix whose index is not in `drop`. */
export function keepRows(data: Float32Array, dim: number, drop: ReadonlySet<number>): Float32Array {
  if (drop.size === 0) return data;
  const n = data.length / dim;
  const out = new Float32Array((n - [...drop].filter((i) => i < n).length) * dim);
  let at = 0;
  for (let i = 0; i < n; i++) {
    if (drop.has(i)) continue;
    out.set(data.subarray(i * dim, (i + 1) * dim), at);
    at += dim;
  }
  return out;
}

/** A small mid-grey RGBA image: what a skipped image's slot in a batch holds (its row is dropped). */
export function standInPixels(): U8Image {
  return { width: 16, height: 16, channels: 4, data: new Uint8Array(16 * 16 * 4).fill(128) };
}
