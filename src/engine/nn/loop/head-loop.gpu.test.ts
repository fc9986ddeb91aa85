// Head-only training on cached features, on the GPU executor: on random class-clustered features the loss falls
// and val top-1 rises to ≥ 0.9, the epoch reports are sane, and the graph's head params change to the trained
// ones while the backbone params stay untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../gpu/context.ts';
import { gpuSkipped, requireGpu } from '../../gpu/testing.ts';
import { findClassifierHead, replaceHead } from '../graph/head.ts';
import { GraphBuilder } from '../plan/testing/graph-builder.ts';
import { type EpochReport, type FeatureSet, trainHead } from './head-loop.ts';
import { DEFAULT_RECIPE } from './recipe.ts';
import { mulberry32 } from './shuffle.ts';

/** conv → GAP → Flatten-free Gemm head over 8 features. */
function net() {
  const b = new GraphBuilder('probe', ['batch', 3, 4, 4]);
  const x = b.conv(b.input, 3, 8, 3, 1, 1, true);
  return b.build(b.head(b.one('GlobalAveragePool', [x]), 8, 5));
}

function clustered(n: number, dim: number, classes: number, seed: number): FeatureSet {
  const rand = mulberry32(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: dim }, () => rand() * 4 - 2));
  const labels = Uint32Array.from({ length: n }, (_, i) => i % classes);
  const features = new Float32Array(n * dim);
  for (let i = 0; i < n; i++)
    for (let d = 0; d < dim; d++) features[i * dim + d] = centres[labels[i]][d] + (rand() - 0.5) * 1.5;
  return { features, labels, dim };
}

describe.skipIf(gpuSkipped)('head loop on cached features', () => {
  let ctx: GpuContext;
  beforeAll(async () => {
    ctx = await GpuContext.create(requireGpu(), { label: 'head loop test', maxDispatchesPerFlush: 10_000 });
  });
  afterAll(() => ctx?.destroy());

  it('learns separable clusters (SGD, cosine, label smoothing)', async () => {
    const base = net();
    const head = findClassifierHead(base);
    const dim = head.inFeatures;
    const g = replaceHead(base, 4, { seed: 3 });
    const before = new Map([...g.params].map(([k, p]) => [k, Float32Array.from(p.data)]));
    // One draw, split: val comes from the same clusters as train.
    const all = clustered(136, dim, 4, 1);
    const train: FeatureSet = {
      dim,
      labels: all.labels.slice(0, 96),
      features: all.features.slice(0, 96 * dim),
    };
    const valSet: FeatureSet = { dim, labels: all.labels.slice(96), features: all.features.slice(96 * dim) };
    const reports: EpochReport[] = [];
    const out = await trainHead(
      ctx,
      g,
      train,
      valSet,
      { ...DEFAULT_RECIPE, epochs: 6, batch: 16, lr: 0.1, labelSmoothing: 0.1 },
      (e) => reports.push(e),
    );
    expect(reports.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(reports[5].loss).toBeLessThan(reports[0].loss);
    expect(reports[5].val_top1).toBeGreaterThanOrEqual(0.9);
    expect(out.val?.top1).toBe(reports[5].val_top1);
    for (const r of reports) {
      expect(r.images_per_s).toBeGreaterThan(0);
      expect(r.peak_gpu_mb).toBeGreaterThan(0);
      expect(r.train_top1).toBeGreaterThanOrEqual(0);
    }
    const h = findClassifierHead(g);
    const changed = (name: string) => g.params.get(name)!.data.some((v, i) => v !== before.get(name)![i]);
    expect(changed(h.weight.name)).toBe(true);
    for (const [name] of g.params)
      if (name !== h.weight.name && name !== h.bias?.name) expect(changed(name)).toBe(false);
  }, 120_000);
});
