// Output sizes of the resize step and the centre-crop box, with torchvision's exact integer rules.
import type { RgbF32 } from './image.ts';
import { checkRgbF32 } from './image.ts';

/**
 * Size after resizing the short side to `short`, keeping the aspect ratio: the long side is
 * ⌊short · long / shortIn⌋ (torchvision's `int()`, also HF's get_resize_output_image_size).
 */
export function shortSideSize(
  width: number,
  height: number,
  short: number,
): { width: number; height: number } {
  if (!(short >= 1) || !Number.isInteger(short))
    throw new Error(`shortSideSize: short side must be an integer ≥ 1, got ${short}`);
  if (width <= height) return { width: short, height: Math.floor((short * height) / width) };
  return { width: Math.floor((short * width) / height), height: short };
}

/** Python's round(): halves go to the even neighbour (torchvision computes the crop offset with it). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** torchvision CenterCrop box: top = round((H − h)/2), left = round((W − w)/2), round half to even. */
export function centerCropBox(
  width: number,
  height: number,
  cropWidth: number,
  cropHeight: number,
): { left: number; top: number; width: number; height: number } {
  if (cropWidth > width || cropHeight > height) {
    throw new Error(
      `centerCrop: crop ${cropWidth}×${cropHeight} is larger than the image ${width}×${height}`,
    );
  }
  return {
    left: roundHalfEven((width - cropWidth) / 2),
    top: roundHalfEven((height - cropHeight) / 2),
    width: cropWidth,
    height: cropHeight,
  };
}

/** Copies the centre crop out of a float RGB image. */
export function centerCropRef(img: RgbF32, cropWidth: number, cropHeight: number): RgbF32 {
  checkRgbF32(img, 'centerCropRef');
  const box = centerCropBox(img.width, img.height, cropWidth, cropHeight);
  const out = new Float32Array(cropWidth * cropHeight * 3);
  for (let y = 0; y < cropHeight; y++) {
    const src = ((box.top + y) * img.width + box.left) * 3;
    out.set(img.data.subarray(src, src + cropWidth * 3), y * cropWidth * 3);
  }
  return { width: cropWidth, height: cropHeight, data: out };
}
