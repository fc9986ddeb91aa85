// The one megapixel cap of the studio: the browser import decodes larger images downscaled to it, and Node decoding
// (`webclas train`/`eval`, which cannot decode downscaled) refuses them before allocating any pixels.

/** Images above this many megapixels are downscaled on import and skipped by Node decoding. */
export const maxMegapixels = 40;

/** Why a `width`×`height` image is over `cap` megapixels, or null when it is within the cap. */
export function overPixelCap(width: number, height: number, cap: number = maxMegapixels): string | null {
  const mp = (width * height) / 1e6;
  return mp > cap ? `${width}×${height} (${mp.toFixed(1)} MP) exceeds the ${cap} MP cap` : null;
}
