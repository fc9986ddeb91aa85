// Buffer plan property tests: on random DAGs and on every shared model, no two simultaneously live tensors share
// memory (checked by simulating the arenas), in every fine-tune mode; plus the MobileNetV2 224/32 peak.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../onnx/import.ts';
import { readShared, sharedDir } from '../../onnx/testing/shared.ts';
import { type BufferPlan, planBuffers, planSlots } from './buffer-plan.ts';
import { compileTrainSchedule, type TrainOptions } from './compile.ts';
import { liveLowerBound } from './liveness.ts';
import { simulatePlan } from './plan-check.ts';
import { PLANNED_KINDS, type Schedule, tensorBytes } from './schedule-types.ts';
import { randomGraph } from './testing/graph-builder.ts';
import { stages } from './trainable.ts';

const sgd: TrainOptions['optimizer'] = { kind: 'sgd', momentum: 0.9 };

function check(s: Schedule, plan: BufferPlan): void {
  expect(simulatePlan(s, plan)).toBeNull();
  expect(plan.peak.arenaBytes).toBeGreaterThanOrEqual(plan.peak.liveLowerBound);
  expect(plan.peak.liveLowerBound).toBe(liveLowerBound(plan.lifetimes, s.steps.length));
}

describe('buffer plan on random graphs', () => {
  it('never overlaps live tensors (40 graphs × modes × arena caps)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const g = randomGraph(seed, { ops: 6 + (seed % 14) });
      const k = 1 + (seed % stages(g).length);
      for (const mode of ['full', 'head', 'last-k'] as const) {
        const s = compileTrainSchedule(g, {
          batch: 2,
          mode,
          k,
          optimizer: sgd,
          clipNorm: seed % 2 ? 1 : undefined,
        });
        // A tiny arena cap forces many arenas; a huge one packs everything into one.
        for (const maxArenaBytes of [512, 1 << 30]) check(s, planBuffers(s, { maxArenaBytes }));
        check(s, planSlots(s));
      }
    }
  });

  it('shares memory: a deep chain needs far less than the sum of its tensors', () => {
    const s = compileTrainSchedule(randomGraph(7, { ops: 30 }), { batch: 4, mode: 'full', optimizer: sgd });
    const plan = planBuffers(s, { alignment: 4 });
    let sum = 0;
    for (const t of s.tensors.values()) if (PLANNED_KINDS.has(t.kind) && !t.aliasOf) sum += tensorBytes(t);
    expect(plan.peak.arenaBytes).toBeLessThan(0.8 * sum);
  });

  it('the checker catches a plan that puts two live tensors on the same bytes', () => {
    const s = compileTrainSchedule(randomGraph(3, { ops: 10 }), { batch: 2, mode: 'full', optimizer: sgd });
    const plan = planBuffers(s);
    // Two tensors live at the same step (the logits' gradient and a saved forward activation), forced together.
    const lossAt = s.steps.findIndex((x) => x.op === 'SoftmaxCrossEntropy');
    const live = plan.lifetimes.filter((l) => l.start <= lossAt && l.end > lossAt);
    expect(live.length).toBeGreaterThanOrEqual(2);
    const [a, b] = live;
    const pa = plan.placements.get(a.name)!;
    const bytes = Math.max(pa.bytes, plan.placements.get(b.name)!.bytes);
    plan.arenas[pa.arena] = Math.max(plan.arenas[pa.arena], pa.offset + bytes);
    plan.placements.set(b.name, {
      arena: pa.arena,
      offset: pa.offset,
      bytes: plan.placements.get(b.name)!.bytes,
    });
    expect(simulatePlan(s, plan)).toMatch(/overwritten/);
  });
});

const MODELS = ['mobilenetv2-12-float.onnx', 'mobilenetv2-12-int8.onnx'];
const arch = (() => {
  try {
    return readdirSync(resolve(sharedDir, 'models/arch'))
      .filter((f) => f.endsWith('.onnx'))
      .map((f) => `arch/${f}`);
  } catch {
    return ['arch/(missing: set WEBCLAS_SHARED)'];
  }
})();

// Transformer and ConvNeXt graphs (LayerNormalization, attention, shape chains with Equal/Where) are not imported
// yet — issue #19. Until they are, each must be refused with the op and node named; when #19 lands this list
// empties and they join the plan check (this test fails until then, on purpose).
const PENDING_IMPORT = new Map([
  ['arch/convnext_femto-random.onnx', /Unsupported ONNX op 'LayerNormalization' \(node '/],
  ['arch/vit_tiny-random.onnx', /Unsupported ONNX op '\w+' \(node '/],
]);

describe('buffer plan on every shared model', () => {
  for (const [file, refusal] of PENDING_IMPORT)
    if (arch.includes(file))
      it(`${file}: refused at import with the op and node named (not trainable yet)`, () => {
        expect(() => importOnnx(readShared(`models/${file}`), file)).toThrow(refusal);
      });
  for (const file of [...MODELS, ...arch.filter((f) => !PENDING_IMPORT.has(f))]) {
    it(`${file}: full, head, last-3 plans are sound`, () => {
      const { graph } = importOnnx(readShared(`models/${file}`), file);
      for (const mode of ['full', 'head', 'last-k'] as const) {
        const s = compileTrainSchedule(graph, { batch: 2, mode, k: 3, optimizer: sgd });
        check(s, planBuffers(s, { maxArenaBytes: 64 << 20 }));
        check(s, planSlots(s));
      }
    });
  }

  it('MobileNetV2 224 batch 32 full fine-tune fits in 2 GiB', () => {
    const { graph } = importOnnx(readShared('models/mobilenetv2-12-float.onnx'));
    const s = compileTrainSchedule(graph, { batch: 32, mode: 'full', optimizer: sgd });
    const plan = planBuffers(s);
    check(s, plan);
    const mib = (b: number) => (b / 2 ** 20).toFixed(1);
    console.log(
      `MobileNetV2 224/32 full: total ${mib(plan.peak.totalBytes)} MiB (arenas ${plan.arenas.map(mib).join(' + ')}, live lower bound ${mib(plan.peak.liveLowerBound)}), persistent ${JSON.stringify(plan.peak.persistent)}`,
    );
    expect(plan.peak.totalBytes).toBeLessThanOrEqual(2 * 2 ** 30);
    const slots = planSlots(s);
    check(s, slots);
    console.log(
      `  as whole-buffer slots (GPU executor): ${slots.arenas.length} slots, total ${mib(slots.peak.totalBytes)} MiB`,
    );
    expect(slots.peak.totalBytes).toBeLessThanOrEqual(2 * 2 ** 30);
    // Head-only trains 1 layer: its arenas hold only the forward's widest neighbours.
    const head = planBuffers(compileTrainSchedule(graph, { batch: 32, mode: 'head', optimizer: sgd }));
    expect(head.peak.arenaBytes).toBeLessThan(plan.peak.arenaBytes / 4);
  });
});
