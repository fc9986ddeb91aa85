// Packs each sample's primitives into fused GPU passes. A pass runs one small program per sample:
// head (copy | affine warp | vertical resize | sharpness stencil) → nearest index-map warps → per-pixel tail ops.
// Samples are independent: every sample fuses as much as it can, so samples need not share op sequences.

import { maxOf } from '../../numeric/min-max.ts';
import { f32Bits, SPLIT_MATRIX_WORDS, splitMatrix } from './affine-split.ts';
import { type PointOp, type Primitive, type SizedPrimitive, STAT_OPS } from './primitives.ts';

export const HEAD_COPY = 0;
export const HEAD_AFFINE = 1;
export const HEAD_RESIZE = 2;
export const HEAD_SHARP = 3;

const HEAD_CODE = { copy: HEAD_COPY, affine: HEAD_AFFINE, resize: HEAD_RESIZE, sharp: HEAD_SHARP } as const;

export const RESAMPLE_CODE = { nearest: 0, bilinear: 1, bicubic: 2 } as const;

/** Word layout of a sample program (all u32; floats as bits). */
export const HEADER_WORDS = 32;
export const GEOM_WORDS = 20;
export const TAIL_WORDS = 16;
export const MAX_GEOMS = 4;
export const MAX_TAILS = 12;

export const OPCODE: Record<PointOp['op'], number> = {
  brightness: 1,
  contrast: 2,
  color: 3,
  invert: 4,
  solarize: 5,
  solarizeAdd: 6,
  posterize: 7,
  equalize: 8,
  autocontrast: 9,
  hue: 10,
  normalize: 11,
  fillBox: 12,
  noiseBox: 13,
  hide: 14,
  gridMask: 15,
};

type Head =
  | { kind: 'copy' }
  | { kind: 'affine'; prim: Extract<Primitive, { t: 'geom' }> }
  | { kind: 'resize'; prim: Extract<Primitive, { t: 'resize' }> }
  | { kind: 'sharp'; factor: number };

/** One sample's share of one pass. */
export interface SampleProgram {
  inW: number;
  inH: number;
  head: Head;
  headW: number;
  headH: number;
  geoms: { prim: Extract<Primitive, { t: 'geom' }>; inW: number; inH: number }[];
  tails: PointOp[];
  outW: number;
  outH: number;
}

/** Splits one sample's primitive list into per-pass programs (greedy fusion). */
export function segmentSample(
  prims: readonly SizedPrimitive[],
  width: number,
  height: number,
): SampleProgram[] {
  const out: SampleProgram[] = [];
  let cur: SampleProgram | undefined;
  let phase: 'geoms' | 'tails' = 'geoms';
  const open = (inW: number, inH: number, head: Head, headW: number, headH: number): SampleProgram => {
    cur = { inW, inH, head, headW, headH, geoms: [], tails: [], outW: headW, outH: headH };
    out.push(cur);
    return cur;
  };
  for (const { prim, inW, inH } of prims) {
    if (
      cur &&
      phase === 'geoms' &&
      prim.t === 'geom' &&
      prim.resample === 'nearest' &&
      cur.geoms.length < MAX_GEOMS
    ) {
      cur.geoms.push({ prim, inW, inH });
      cur.outW = prim.outW;
      cur.outH = prim.outH;
      continue;
    }
    if (cur && prim.t === 'point' && !STAT_OPS.has(prim.p.op) && cur.tails.length < MAX_TAILS) {
      cur.tails.push(prim.p);
      phase = 'tails';
      continue;
    }
    phase = 'geoms';
    if (prim.t === 'resize') open(inW, inH, { kind: 'resize', prim }, prim.outW, prim.outH);
    else if (prim.t === 'geom') open(inW, inH, { kind: 'affine', prim }, prim.outW, prim.outH);
    else if (prim.t === 'sharp') {
      open(inW, inH, { kind: 'sharp', factor: prim.factor }, inW, inH);
      phase = 'tails';
    } else {
      open(inW, inH, { kind: 'copy' }, inW, inH).tails.push(prim.p);
      phase = 'tails';
    }
  }
  if (out.length === 0) open(width, height, { kind: 'copy' }, width, height);
  return out;
}

export const identityProgram = (w: number, h: number): SampleProgram => ({
  inW: w,
  inH: h,
  head: { kind: 'copy' },
  headW: w,
  headH: h,
  geoms: [],
  tails: [],
  outW: w,
  outH: h,
});

function rgbWords(v: readonly number[]): number[] {
  return [f32Bits(v[0]), f32Bits(v[1]), f32Bits(v[2])];
}

function tailWords(t: PointOp, extra: number[], extraBase: () => number): number[] {
  const f = f32Bits;
  switch (t.op) {
    case 'brightness':
    case 'contrast':
    case 'color':
    case 'hue':
      return [OPCODE[t.op], f(t.factor)];
    case 'equalize':
    case 'autocontrast':
    case 'invert':
      return [OPCODE[t.op]];
    case 'solarize':
      return [OPCODE.solarize, f(t.threshold)];
    case 'solarizeAdd':
      return [OPCODE.solarizeAdd, f(t.add), f(t.threshold)];
    case 'posterize':
      return [OPCODE.posterize, ~(2 ** (8 - t.bits) - 1) & 0xff];
    case 'normalize':
      return [OPCODE.normalize, f(t.scale), ...rgbWords(t.mean), ...rgbWords(t.std)];
    case 'fillBox':
      return [OPCODE.fillBox, t.x1, t.y1, t.x2, t.y2, ...rgbWords(t.fill)];
    case 'noiseBox':
      return [OPCODE.noiseBox, t.top, t.left, t.h, t.w, ...t.key];
    case 'hide': {
      const at = extraBase();
      const words = new Array<number>(Math.ceil(t.hidden.length / 32)).fill(0);
      t.hidden.forEach((v, i) => {
        if (v) words[i >>> 5] |= 1 << (i & 31);
      });
      extra.push(...words.map((w) => w >>> 0));
      return [OPCODE.hide, t.gridSize, t.rows, at];
    }
    case 'gridMask': {
      let at = 0;
      if (t.rotation) {
        at = extraBase();
        extra.push(t.rotation.w, t.rotation.h, ...splitMatrix(t.rotation.m, 'GridMask'));
      }
      return [OPCODE.gridMask, t.d, t.l, t.stH, t.stW, t.mode, t.offX, t.offY, t.rotation ? 1 : 0, at];
    }
  }
}

/** Program words of one sample, placed at word `base` of the pass's program buffer. */
export function encodeProgram(p: SampleProgram, base: number): number[] {
  const words = new Array<number>(HEADER_WORDS).fill(0);
  const f = f32Bits;
  words[0] = p.inW;
  words[1] = p.inH;
  words[2] = p.outW;
  words[3] = p.outH;
  words[5] = p.headW;
  words[6] = p.headH;
  words[7] = p.geoms.length;
  words[8] = p.tails.length;
  const h = p.head;
  if (h.kind === 'copy') words[4] = HEAD_COPY;
  else if (h.kind === 'sharp') {
    words[4] = HEAD_SHARP;
    words[11] = f(h.factor);
  } else if (h.kind === 'affine') {
    words[4] = HEAD_AFFINE;
    words[9] = RESAMPLE_CODE[h.prim.resample];
    words.splice(12, 3, ...rgbWords(h.prim.fill));
    words.splice(20, SPLIT_MATRIX_WORDS, ...splitMatrix(h.prim.m, 'affine warp'));
  } else {
    words[4] = HEAD_RESIZE;
    words[9] = RESAMPLE_CODE[h.prim.filter];
    words[10] = h.prim.antialias ? 1 : 0;
    words[11] = f(h.prim.cubicA);
    words.splice(15, 4, h.prim.box.x, h.prim.box.y, h.prim.box.w, h.prim.box.h);
  }
  for (const g of p.geoms) {
    const gw = new Array<number>(GEOM_WORDS).fill(0);
    gw[0] = g.inW;
    gw[1] = g.inH;
    gw.splice(2, 3, ...rgbWords(g.prim.fill));
    gw.splice(6, SPLIT_MATRIX_WORDS, ...splitMatrix(g.prim.m, 'nearest warp'));
    words.push(...gw);
  }
  const extra: number[] = [];
  const tailsEnd = base + HEADER_WORDS + p.geoms.length * GEOM_WORDS + p.tails.length * TAIL_WORDS;
  for (const t of p.tails) {
    const tw = tailWords(t, extra, () => tailsEnd + extra.length);
    if (tw.length > TAIL_WORDS) throw new Error(`augment GPU compiler: ${t.op} needs ${tw.length} words`);
    words.push(...tw, ...new Array<number>(TAIL_WORDS - tw.length).fill(0));
  }
  words.push(...extra);
  return words.map((w) => w >>> 0);
}

/** One batch pass: the programs of all samples, and which pre-passes it needs. */
export interface EncodedPass {
  readonly programs: SampleProgram[];
  /** N offsets, then each sample's program words */
  readonly words: Uint32Array<ArrayBuffer>;
  readonly needsResize: boolean;
  readonly needsStats: boolean;
  /** max output pixels over samples (dispatch size) */
  readonly maxOut: number;
  /** max pixels in the horizontal-resize buffer (headW × crop rows) */
  readonly maxMid: number;
  /** head kinds and tail opcodes used, for the shader variant */
  readonly heads: Set<number>;
  readonly ops: Set<number>;
  readonly geoms: boolean;
}

export function needsStats(p: SampleProgram): boolean {
  return p.head.kind === 'copy' && p.geoms.length === 0 && p.tails.length > 0 && STAT_OPS.has(p.tails[0].op);
}

export function encodePass(programs: SampleProgram[]): EncodedPass {
  const words: number[] = programs.map(() => 0);
  programs.forEach((p, n) => {
    words[n] = words.length;
    words.push(...encodeProgram(p, words.length));
  });
  return {
    programs,
    words: Uint32Array.from(words),
    needsResize: programs.some((p) => p.head.kind === 'resize'),
    needsStats: programs.some(needsStats),
    maxOut: maxOf(programs.map((p) => p.outW * p.outH)),
    heads: new Set(programs.map((p) => HEAD_CODE[p.head.kind])),
    ops: new Set(programs.flatMap((p) => p.tails.map((t) => OPCODE[t.op]))),
    geoms: programs.some((p) => p.geoms.length > 0),
    maxMid: maxOf(programs.map((p) => (p.head.kind === 'resize' ? p.headW * p.head.prim.box.h : 0))),
  };
}

/** Aligns per-sample segment lists into batch passes (short lists padded with identity copies at the end). */
export function buildPasses(perSample: readonly SampleProgram[][]): EncodedPass[] {
  const count = maxOf(perSample.map((s) => s.length));
  const passes: EncodedPass[] = [];
  for (let i = 0; i < count; i++) {
    passes.push(
      encodePass(
        perSample.map((segs) => {
          if (i < segs.length) return segs[i];
          const last = segs[segs.length - 1];
          return identityProgram(last.outW, last.outH);
        }),
      ),
    );
  }
  return passes;
}
