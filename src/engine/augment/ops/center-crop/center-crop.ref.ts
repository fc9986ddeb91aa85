// CropImage (PaddleClas): the centred w×h box, start = (W − w) // 2.
import { cropImage, type RgbImage } from '../../core/image.ts';
import { floorDiv } from '../../core/py-math.ts';

export function applyCenterCrop(img: RgbImage, w: number, h: number): RgbImage {
  if (w > img.width || h > img.height) {
    throw new RangeError(`CropImage: crop ${w}×${h} is larger than the ${img.width}×${img.height} image`);
  }
  return cropImage(img, floorDiv(img.width - w, 2), floorDiv(img.height - h, 2), w, h);
}
