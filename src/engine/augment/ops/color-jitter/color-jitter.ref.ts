// ColorJitter (PaddleClas wraps paddle.vision.transforms.ColorJitter): the active adjustments in a shuffled
// order, each with its own factor: brightness/contrast/saturation ~ U[max(0,1−v), 1+v], hue ~ U[−v, v].
import { makeImage, type RgbImage } from '../../core/image.ts';
import type { RngStream } from '../../rng/stream.ts';
import { applyBrightness } from '../brightness/brightness.ref.ts';
import { applyColor } from '../color/color.ref.ts';
import { applyContrast } from '../contrast/contrast.ref.ts';
import { hsvToRgb, rgbToHsv } from './hsv.ts';

export interface ColorJitterConfig {
  readonly brightness: number;
  readonly contrast: number;
  readonly saturation: number;
  readonly hue: number;
}

export type JitterKind = 'brightness' | 'contrast' | 'saturation' | 'hue';

export interface JitterStep {
  readonly kind: JitterKind;
  readonly factor: number;
}

const KINDS: readonly JitterKind[] = ['brightness', 'contrast', 'saturation', 'hue'];

/** Python's random.shuffle (Fisher-Yates from the end), then one factor per step in the applied order. */
export function sampleColorJitter(rng: RngStream, cfg: ColorJitterConfig): JitterStep[] {
  if (cfg.hue < 0 || cfg.hue > 0.5)
    throw new RangeError(`ColorJitter: hue must be in [0, 0.5], got ${cfg.hue}`);
  const active = KINDS.filter((k) => cfg[k] > 0);
  for (let i = active.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [active[i], active[j]] = [active[j], active[i]];
  }
  return active.map((kind) => {
    const v = cfg[kind];
    const factor = kind === 'hue' ? rng.uniformRange(-v, v) : rng.uniformRange(Math.max(0, 1 - v), 1 + v);
    return { kind, factor };
  });
}

export function applyHueShift(img: RgbImage, shift: number): RgbImage {
  const out = makeImage(img.width, img.height);
  const d = img.data;
  for (let i = 0; i < d.length; i += 3) {
    const [h, s, v] = rgbToHsv(d[i], d[i + 1], d[i + 2]);
    const rgb = hsvToRgb(h + shift, s, v);
    out.data[i] = rgb[0];
    out.data[i + 1] = rgb[1];
    out.data[i + 2] = rgb[2];
  }
  return out;
}

export function applyColorJitter(img: RgbImage, steps: readonly JitterStep[]): RgbImage {
  let out = img;
  for (const { kind, factor } of steps) {
    if (kind === 'brightness') out = applyBrightness(out, factor);
    else if (kind === 'contrast') out = applyContrast(out, factor);
    else if (kind === 'saturation') out = applyColor(out, factor);
    else out = applyHueShift(out, factor);
  }
  return out;
}
