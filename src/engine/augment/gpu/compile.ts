// Batch compiler (CPU, no GPU objects): per-sample plans from the reference sampler (planSample) → fused
// passes, buffer sizes, and the batch-mixing draws. Identical draws to config/execute.ts for the same key.
import { sampleCutmix } from '../batch/cutmix/cutmix.ref.ts';
import { sampleMixup } from '../batch/mixup/mixup.ref.ts';
import { sampleOpSampler } from '../batch/op-sampler/op-sampler.ref.ts';
import { type OpDraw, planSample, type SampleKey } from '../config/execute.ts';
import { type AugmentPipeline, batchStream } from '../config/types.ts';
import { BATCH_SAMPLE, RngStream } from '../rng/stream.ts';
import { lowerPlan } from './primitives.ts';
import { buildPasses, type EncodedPass, segmentSample } from './program.ts';

export type BatchKey = Omit<SampleKey, 'sample'>;

/** One mixing step on the NCHW batch. */
export type MixStep =
  | { readonly kind: 'mixup'; readonly perm: number[]; readonly lam: number }
  | {
      readonly kind: 'cutmix';
      readonly perm: number[];
      readonly lam: number;
      readonly box: { x1: number; y1: number; x2: number; y2: number };
    };

export interface CompiledBatch {
  readonly passes: EncodedPass[];
  readonly outW: number;
  readonly outH: number;
  /** pixels per sample slot in the ping-pong buffers (max over every stage of every sample) */
  readonly cap: number;
  /** pixels per sample slot in the horizontal-resize buffer */
  readonly midCap: number;
  readonly mixes: MixStep[];
}

export function compileBatch(
  pipeline: AugmentPipeline,
  sizes: readonly (readonly [number, number])[],
  key: BatchKey,
  /** per-sample plans instead of drawing them (tests and the gallery pin an op's parameters this way) */
  plans?: readonly (readonly OpDraw[])[],
): CompiledBatch {
  if (sizes.length === 0) throw new RangeError('augment GPU: empty batch');
  if (plans && plans.length !== sizes.length) {
    throw new RangeError(`augment GPU: ${plans.length} plans for ${sizes.length} images`);
  }
  const perSample = sizes.map(([w, h], sample) => {
    const plan = plans?.[sample] ?? planSample(pipeline, { ...key, sample }, w, h);
    const prims = lowerPlan(pipeline, plan, w, h);
    return segmentSample(prims, w, h);
  });
  const passes = buildPasses(perSample);
  const last = passes[passes.length - 1].programs;
  const outW = last[0].outW;
  const outH = last[0].outH;
  last.forEach((p, n) => {
    if (p.outW !== outW || p.outH !== outH) {
      throw new RangeError(
        `augment GPU: sample ${n} ends at ${p.outW}×${p.outH} but sample 0 at ${outW}×${outH}; ` +
          'the NCHW batch needs one size (add a crop or resize to a fixed size)',
      );
    }
  });
  let cap = 1;
  for (const pass of passes) for (const p of pass.programs) cap = Math.max(cap, p.outW * p.outH);
  const midCap = Math.max(1, ...passes.map((p) => p.maxMid));
  const mixes: MixStep[] = [];
  pipeline.batch.forEach((op, i) => {
    const rng = new RngStream({ ...key, sample: BATCH_SAMPLE, stream: batchStream(i) });
    const mix = op.kind === 'OpSampler' ? sampleOpSampler(rng, op.ops) : op;
    if (!mix) return;
    if (mix.kind === 'MixupOperator') {
      const d = sampleMixup(rng, sizes.length, mix.alpha);
      mixes.push({ kind: 'mixup', perm: d.perm, lam: d.lam });
    } else {
      const d = sampleCutmix(rng, sizes.length, mix.alpha, outW, outH);
      mixes.push({
        kind: 'cutmix',
        perm: d.perm,
        lam: d.lam,
        box: { x1: d.x1, y1: d.y1, x2: d.x2, y2: d.y2 },
      });
    }
  });
  return { passes, outW, outH, cap, midCap, mixes };
}
