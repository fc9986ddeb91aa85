// The run database in real IndexedDB (Chromium): checkpoints are listed on their run in the same write, the best
// (by val top-1) is marked and re-marked after a delete, the feature cache round-trips and is offered to other
// runs by source, deleting frees the bytes, and a version-1 database upgrades keeping its rows.
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../../workers/train-api.ts';
import { deleteDb } from '../../storage/testing/delete-db.ts';
import { DEFAULT_RECIPE } from '../loop/recipe.ts';
import { type CheckpointRow, CheckpointStore, type FeatureRow, markBest } from './checkpoint-store.ts';

const hasIdb = typeof indexedDB !== 'undefined';

const summary = (id: string): RunSummary => ({
  id,
  config: {
    name: `run ${id}`,
    datasetId: 'd',
    trainSplit: 'train',
    valSplit: 'val',
    valFraction: 0,
    base: { kind: 'local', id: 'm' },
    mirror: null,
    preset: 'custom',
    recipe: DEFAULT_RECIPE,
    featureBackend: 'wasm',
    checkpointEvery: 1,
  },
  createdAt: Date.now(),
  state: 'running',
  history: [],
  checkpoints: [],
  classes: ['a', 'b'],
  trainImages: 10,
  valImages: 4,
});

function checkpoint(runId: string, epoch: number, valTop1: number | null, floats: number): CheckpointRow {
  const w = Float32Array.from({ length: floats }, () => Math.random() - 0.5);
  return {
    runId,
    epoch,
    step: epoch * 3,
    optimizerSteps: 0,
    tensors: [{ name: 'fc.weight', data: w.buffer }],
    history: [],
    recipe: DEFAULT_RECIPE,
    rng: { seed: 0, epoch, step: epoch * 3 },
    meta: { epoch, step: epoch * 3, savedAt: Date.now(), bytes: floats * 4, valTop1, best: false },
  };
}

const featureRow = (runId: string, part: FeatureRow['part'], source?: string): FeatureRow => ({
  runId,
  part,
  dim: 1,
  features: new Float32Array([runId.length]).buffer,
  labels: new Uint32Array([0]).buffer,
  imageIds: [`${runId}-img`],
  ...(source ? { source } : {}),
});

describe('markBest', () => {
  it('marks the first checkpoint with the highest val top-1, none when none has one', () => {
    const m = (epoch: number, valTop1: number | null) => ({
      epoch,
      step: 0,
      savedAt: 0,
      bytes: 0,
      valTop1,
      best: true,
    });
    expect(markBest([m(1, 0.5), m(2, 0.7), m(3, 0.7)]).map((c) => c.best)).toEqual([false, true, false]);
    expect(markBest([m(1, null), m(2, null)]).map((c) => c.best)).toEqual([false, false]);
  });
});

describe.skipIf(!hasIdb)('CheckpointStore (IndexedDB)', () => {
  let name: string;
  let store: CheckpointStore;
  beforeEach(async () => {
    name = `webclas-runs-test-${Math.random().toString(36).slice(2)}`;
    store = await CheckpointStore.open(name);
  });
  afterEach(async () => {
    store.close();
    await deleteDb(name);
  });

  it('saves checkpoints with their run row, marks the best, deletes and frees bytes', async () => {
    let run = summary('r1');
    await store.putRun(run);
    const c1 = checkpoint('r1', 1, 0.5, 100);
    run = await store.saveCheckpoint(run, c1);
    run = await store.saveCheckpoint(run, checkpoint('r1', 2, 0.8, 100));
    run = await store.saveCheckpoint(run, checkpoint('r1', 3, 0.6, 100));
    const stored = (await store.run('r1'))!;
    expect(stored.checkpoints.map((c) => [c.epoch, c.best])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    expect((await store.checkpoint('r1'))!.epoch).toBe(3);
    const back = (await store.checkpoint('r1', 1))!;
    expect(new Float32Array(back.tensors[0].data)).toEqual(new Float32Array(c1.tensors[0].data));
    await store.putFeatures({
      runId: 'r1',
      part: 'train',
      dim: 2,
      features: new Float32Array([1, 2, 3, 4]).buffer,
      labels: new Uint32Array([0, 1]).buffer,
      imageIds: ['a', 'b'],
    });
    expect(Array.from(new Float32Array((await store.features('r1', 'train'))!.features))).toEqual([
      1, 2, 3, 4,
    ]);
    expect(await store.storedBytes('r1')).toBe(3 * 400 + 16 + 8);

    const after = (await store.deleteCheckpoint('r1', 2))!;
    expect(after.checkpoints.map((c) => [c.epoch, c.best])).toEqual([
      [1, false],
      [3, true],
    ]);
    expect(await store.storedBytes('r1')).toBe(2 * 400 + 24);

    await store.putRun(summary('r2'));
    await store.saveCheckpoint(summary('r2'), checkpoint('r2', 1, 0.1, 10));
    await store.deleteRun('r1');
    expect(await store.storedBytes('r1')).toBe(0);
    expect(await store.run('r1')).toBeUndefined();
    expect(await store.checkpoint('r1')).toBeUndefined();
    expect((await store.listRuns()).map((r) => r.id)).toEqual(['r2']);
    expect(await store.storedBytes('r2')).toBe(40);
  });

  it('offers other runs’ feature rows of the same source, never the asking run’s or untagged ones', async () => {
    await store.putFeatures(featureRow('a', 'train', 'S'));
    await store.putFeatures(featureRow('a', 'val', 'S'));
    await store.putFeatures(featureRow('b', 'train', 'T'));
    await store.putFeatures(featureRow('c', 'train', 'S'));
    await store.putFeatures(featureRow('d', 'train'));
    const from = async (source: string, except: string) => {
      const rows: string[] = [];
      for await (const r of store.featuresFrom(source, except)) rows.push(`${r.runId}/${r.part}`);
      return rows.sort();
    };
    expect(await from('S', 'x')).toEqual(['a/train', 'a/val', 'c/train']);
    expect(await from('S', 'a')).toEqual(['c/train']);
    expect(await from('T', 'x')).toEqual(['b/train']);
    await store.deleteRun('c');
    expect(await from('S', 'a')).toEqual([]);
  });
});

describe.skipIf(!hasIdb)('run database upgrade', () => {
  it('opens a version-1 database (no source index), keeping runs, checkpoints and features', async () => {
    const name = `webclas-runs-v1-${Math.random().toString(36).slice(2)}`;
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('checkpoints', { keyPath: ['runId', 'epoch'] }).createIndex('byRun', 'runId');
        db.createObjectStore('features', { keyPath: ['runId', 'part'] }).createIndex('byRun', 'runId');
      },
    });
    await v1.put('runs', summary('old'));
    await v1.put('checkpoints', checkpoint('old', 1, 0.5, 4));
    await v1.put('features', featureRow('old', 'train'));
    v1.close();
    const store = await CheckpointStore.open(name);
    try {
      expect((await store.run('old'))?.config.name).toBe('run old');
      expect((await store.checkpoint('old'))?.epoch).toBe(1);
      expect((await store.features('old', 'train'))?.imageIds).toEqual(['old-img']);
      await store.putFeatures(featureRow('new', 'train', 'S'));
      const offered: string[] = [];
      for await (const r of store.featuresFrom('S', 'x')) offered.push(r.runId);
      expect(offered).toEqual(['new']);
    } finally {
      store.close();
      await deleteDb(name);
    }
  });
});
