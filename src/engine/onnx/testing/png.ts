// Test-only: decode an 8-bit, non-interlaced PNG (gray/RGB/RGBA) with fflate, and ImageNet-preprocess it
// (short side 256 bilinear, center crop 224, mean/std) so tests can feed real photos to ONNX Runtime.
import { unzlibSync } from 'fflate';

export interface Rgb {
  width: number;
  height: number;
  /** Interleaved RGB, 0..255. */
  data: Uint8Array;
}

export function decodePng(bytes: Uint8Array, name = 'png'): Rgb {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== 0x89504e47) throw new Error(`${name}: not a PNG`);
  let off = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  while (off < bytes.length) {
    const len = view.getUint32(off);
    const type = String.fromCharCode(...bytes.subarray(off + 4, off + 8));
    const body = bytes.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      const b = new DataView(body.buffer, body.byteOffset, body.byteLength);
      [width, height] = [b.getUint32(0), b.getUint32(4)];
      const [depth, color, interlace] = [body[8], body[9], body[12]];
      channels = { 0: 1, 2: 3, 6: 4 }[color] ?? 0;
      if (depth !== 8 || !channels || interlace)
        throw new Error(`${name}: only 8-bit non-interlaced gray/RGB/RGBA PNGs`);
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    off += 12 + len;
  }
  const joined = new Uint8Array(idat.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of idat) {
    joined.set(c, at);
    at += c.length;
  }
  const raw = unzlibSync(joined);
  const stride = width * channels;
  const px = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? px[y * stride + i - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + i] : 0;
      const c = y > 0 && i >= channels ? px[(y - 1) * stride + i - channels] : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[y * stride + i] = (line[i] + pred) & 0xff;
    }
  }
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    for (let k = 0; k < 3; k++) data[p * 3 + k] = px[p * channels + (channels === 1 ? 0 : k)];
  }
  return { width, height, data };
}

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/** NCHW float32 [3,224,224]: bilinear resize (short side 256, half-pixel centers), center crop, normalize. */
export function imagenetTensor(img: Rgb, resize = 256, crop = 224): Float32Array {
  const scale = resize / Math.min(img.width, img.height);
  const [w, h] = [Math.round(img.width * scale), Math.round(img.height * scale)];
  const [x0, y0] = [Math.floor((w - crop) / 2), Math.floor((h - crop) / 2)];
  const out = new Float32Array(3 * crop * crop);
  const at = (x: number, y: number, k: number) => img.data[(y * img.width + x) * 3 + k];
  for (let y = 0; y < crop; y++) {
    const sy = Math.min(Math.max((y + y0 + 0.5) / scale - 0.5, 0), img.height - 1);
    const [ya, fy] = [Math.floor(sy), sy - Math.floor(sy)];
    const yb = Math.min(ya + 1, img.height - 1);
    for (let x = 0; x < crop; x++) {
      const sx = Math.min(Math.max((x + x0 + 0.5) / scale - 0.5, 0), img.width - 1);
      const [xa, fx] = [Math.floor(sx), sx - Math.floor(sx)];
      const xb = Math.min(xa + 1, img.width - 1);
      for (let k = 0; k < 3; k++) {
        const top = at(xa, ya, k) * (1 - fx) + at(xb, ya, k) * fx;
        const bot = at(xa, yb, k) * (1 - fx) + at(xb, yb, k) * fx;
        out[(k * crop + y) * crop + x] = ((top * (1 - fy) + bot * fy) / 255 - MEAN[k]) / STD[k];
      }
    }
  }
  return out;
}
