// The run reducer: events of the run in view change it, others do not; a resume replaces the epochs after its
// checkpoint; a new best checkpoint takes the marker; a reload's summary gives the same curves.
import { describe, expect, it } from 'vitest';
import type { RunSummary, TrainEvent, TrainRunConfig } from '../../../workers/train-api.ts';
import type { EpochReport } from '../../engine/nn/loop/head-loop.ts';
import { PRESETS } from '../../engine/nn/recipes/presets.ts';
import {
  applyTrainEvent,
  bestValTop1,
  formatEta,
  fromSummary,
  type LiveRun,
  lastCheckpointEpoch,
  pendingRun,
  resumeLabel,
} from './run-state.ts';

const config: TrainRunConfig = {
  name: 'flowers head',
  datasetId: 'd',
  trainSplit: 'train',
  valSplit: 'val',
  valFraction: 0,
  base: { kind: 'zoo', id: 'mobilenetv2-12' },
  mirror: null,
  preset: 'quick-head',
  recipe: PRESETS[0].recipe,
  featureBackend: 'wasm',
  checkpointEvery: 1,
};

const report = (epoch: number, loss: number): EpochReport => ({
  epoch,
  loss,
  lr: 0.01 / epoch,
  train_top1: 0.5 + epoch / 100,
  val_top1: 0.4 + epoch / 50,
  val_top5: 0.9,
  images_per_s: 100 + epoch,
  peak_gpu_mb: 12,
});

const run = (events: TrainEvent[], start: LiveRun = pendingRun(config)) =>
  events.reduce(applyTrainEvent, start);

describe('run state', () => {
  it('adopts the first run id, then ignores other runs', () => {
    const r = run([
      { type: 'state', runId: 'r1', state: 'running' },
      { type: 'progress', runId: 'r1', phase: 'features', done: 3, total: 10, etaSeconds: 7 },
      { type: 'state', runId: 'r2', state: 'failed', message: 'other' },
      { type: 'epoch', runId: 'r2', report: report(1, 9) },
    ]);
    expect(r.id).toBe('r1');
    expect(r.state).toBe('running');
    expect(r.progress).toEqual({ phase: 'features', done: 3, total: 10, etaSeconds: 7 });
    expect(r.history).toEqual([]);
  });

  it('keeps epochs in order, and a resume replaces the epochs after its checkpoint', () => {
    const losses = Array.from({ length: 5 }, () => Math.random() * 3);
    const first = run(
      losses.map((l, i) => ({ type: 'epoch', runId: 'r', report: report(i + 1, l) })),
      {
        ...pendingRun(config),
        id: 'r',
      },
    );
    expect(first.history.map((h) => h.loss)).toEqual(losses);
    const resumed = applyTrainEvent(first, { type: 'epoch', runId: 'r', report: report(3, 0.25) });
    expect(resumed.history.map((h) => [h.epoch, h.loss])).toEqual([
      [1, losses[0]],
      [2, losses[1]],
      [3, 0.25],
    ]);
  });

  it('moves the best marker to a new best checkpoint and clears progress when the run ends', () => {
    const ck = (epoch: number, best: boolean) => ({
      type: 'checkpoint' as const,
      runId: 'r',
      checkpoint: { epoch, step: epoch * 4, savedAt: epoch, bytes: 1000, valTop1: 0.5, best },
    });
    const r = run([
      { type: 'progress', runId: 'r', phase: 'epoch 2', done: 1, total: 4, etaSeconds: null },
      ck(1, true),
      ck(2, false),
      ck(3, true),
      { type: 'state', runId: 'r', state: 'failed', message: 'loss is NaN at step 9' },
    ]);
    expect(r.checkpoints.map((c) => [c.epoch, c.best])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(lastCheckpointEpoch(r)).toBe(3);
    expect(r.progress).toBeNull();
    expect(r.message).toBe('loss is NaN at step 9');
  });

  it('a summary from listRuns gives the same curves as the live events', () => {
    const reports = [report(2, 1.5), report(1, 2)];
    const summary: RunSummary = {
      id: 'r',
      config,
      createdAt: 1,
      state: 'interrupted',
      history: reports,
      checkpoints: [],
      classes: ['a', 'b'],
      trainImages: 10,
      valImages: 2,
    };
    const live = run(
      [...reports].reverse().map((report) => ({ type: 'epoch' as const, runId: 'r', report })),
      { ...pendingRun(config), id: 'r' },
    );
    expect(fromSummary(summary).history).toEqual(live.history);
    expect(bestValTop1(live.history)).toBeCloseTo(0.44, 12);
    expect(bestValTop1([{ ...report(1, 1), val_top1: null }])).toBeNull();
  });

  it('says where a resume starts', () => {
    const ck = (epoch: number) => ({ epoch, step: epoch, savedAt: 0, bytes: 1, valTop1: null, best: false });
    expect(resumeLabel({ state: 'paused', checkpoints: [ck(2)] }, true)).toBe('Resume');
    expect(resumeLabel({ state: 'paused', checkpoints: [ck(4), ck(2)] }, false)).toBe('Resume from epoch 4');
    expect(resumeLabel({ state: 'interrupted', checkpoints: [ck(3)] }, true)).toBe('Resume from epoch 3');
    expect(resumeLabel({ state: 'interrupted', checkpoints: [] }, false)).toBe('Resume from the start');
  });

  it('formats ETA', () => {
    expect(formatEta(null)).toBe('ETA unknown');
    expect(formatEta(42.4)).toBe('42 s left');
    expect(formatEta(184)).toBe('3 min 04 s left');
    expect(formatEta(3720)).toBe('1 h 02 min left');
  });
});
