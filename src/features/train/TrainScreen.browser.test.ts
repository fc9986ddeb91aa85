// The Train screen in Chromium against the real GPU worker and the real dataset library: a stored dataset shows
// with its split counts, presets fill the labelled fields, edits are validated with messages naming the field or
// op, the feature backend follows the worker's System facts, and the runs list comes from the worker.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type Remote, wrap } from 'comlink';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterAll, describe, expect, it } from 'vitest';
import type { GpuWorkerApi } from '../../../workers/gpu-api.ts';
import { DatasetLibrary } from '../../engine/storage/library.ts';
import { type ImageRow, imageId } from '../../engine/storage/schema.ts';
import { TrainScreen } from './TrainScreen.tsx';
import { alerts, button, control, type, waitFor } from './testing/dom.ts';

const hasIdb = typeof indexedDB !== 'undefined';

describe.skipIf(!hasIdb)('TrainScreen', () => {
  const datasetId = `train-screen-test-${Math.random().toString(36).slice(2)}`;
  let lib: DatasetLibrary | undefined;
  afterAll(async () => {
    await lib?.deleteDataset(datasetId);
    lib?.close();
  });

  it('fills, validates and reads the setup through the real worker and library', async () => {
    lib = await DatasetLibrary.open();
    const splits = { train: 5, val: 3 };
    await lib.createDataset(
      {
        id: datasetId,
        name: 'tiny flowers',
        format: 'folders',
        createdAt: 0,
        state: 'ready',
        storedBytes: 0,
        copyShortSide: 64,
      },
      ['daisy', 'rose'],
      {
        id: datasetId,
        state: 'done',
        startedAt: 0,
        items: [],
        classes: ['daisy', 'rose'],
        problems: [],
        options: { copyShortSide: 64, maxMegapixels: 40, thumbSize: 64 },
      },
    );
    const rows: ImageRow[] = Object.entries(splits).flatMap(([split, n]) =>
      Array.from({ length: n }, (_, i) => ({
        id: imageId(datasetId, `${split}/${i}.jpg`),
        datasetId,
        path: `${split}/${i}.jpg`,
        label: i % 2,
        split,
        hash: `${split}-${i}`,
        mime: 'image/jpeg',
        size: 10,
        width: 8,
        height: 8,
        orientation: 1,
      })),
    );
    await lib.putImages(
      datasetId,
      rows.map((row) => ({ row, thumb: new Blob([row.hash]), copy: { blob: null, width: 8, height: 8 } })),
    );

    const worker = new Worker(new URL('../../../workers/gpu.worker.ts', import.meta.url), { type: 'module' });
    const api = wrap<GpuWorkerApi>(worker);
    const gpu = <T>(f: (a: Remote<GpuWorkerApi>) => Promise<T>) => f(api);
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    try {
      root.render(createElement(QueryClientProvider, { client }, createElement(TrainScreen, { gpu })));

      // The runs list is the worker's listRuns: one row per stored run, or the empty note.
      const stored = await api.listRuns();
      await waitFor(
        () =>
          stored.length === 0
            ? host.querySelector('.train-runs')?.textContent?.includes('No runs yet.')
            : host.querySelectorAll('[data-testid="run-row"]').length === stored.length,
        'the runs list',
      );

      const dataset = await waitFor(() => control<HTMLSelectElement>(host, 'Dataset'), 'the Dataset field');
      await waitFor(() => [...dataset.options].some((o) => o.value === datasetId), 'the stored dataset');
      type(dataset, datasetId);
      const train = control<HTMLSelectElement>(host, 'Train split')!;
      await waitFor(() => train.value === 'train', 'the default train split');
      expect([...train.options].map((o) => o.textContent)).toEqual(['train (5 images)', 'val (3 images)']);
      expect(control<HTMLSelectElement>(host, 'Validation split')!.value).toBe('val');

      const presetField = control<HTMLSelectElement>(host, 'Preset')!;
      expect(presetField.options).toHaveLength(4);
      type(presetField, 'finetune');
      expect(control<HTMLSelectElement>(host, 'Mode')!.value).toBe('full');
      expect(control<HTMLInputElement>(host, 'Epochs')!.value).toBe('6');
      const ops = control<HTMLTextAreaElement>(host, 'Augmentation (PaddleClas transform_ops, JSON)')!;
      expect(ops.value).toContain('"RandCropImage"');
      type(control<HTMLInputElement>(host, 'Input size')!, '96');
      expect(JSON.parse(ops.value)[1]).toEqual({ RandCropImage: { size: 96 } });

      // With a base model picked (the worker's catalog), the config is complete and Start is offered.
      await waitFor(() => control<HTMLSelectElement>(host, 'Base model')!.value !== '', 'a base model');
      await waitFor(() => button(host, 'Start training')?.disabled === false, 'Start training enabled');
      expect(button(host, 'Estimate')?.disabled).toBe(false);

      type(control<HTMLInputElement>(host, 'Epochs')!, 'x');
      await waitFor(
        () => alerts(host).includes('Epochs must be a whole number ≥ 1, got "x"'),
        'the Epochs message',
      );
      expect(button(host, 'Start training')?.disabled).toBe(true);
      type(control<HTMLInputElement>(host, 'Epochs')!, '3');
      type(ops, ops.value.replace('"flip_code": 1', '"flip_code": 5'));
      await waitFor(
        () => alerts(host).some((a) => a?.startsWith('transform_ops[2] RandFlipImage:')),
        'the op message',
      );
      type(ops, '');
      await waitFor(() => button(host, 'Start training')?.disabled === false, 'Start enabled again');

      // The feature backend follows the worker's inference backend choice (WASM on a software adapter).
      type(presetField, 'quick-head');
      const facts = await api.systemInfo();
      const backend = control<HTMLSelectElement>(host, 'Feature backend')!;
      await waitFor(
        () => backend.value === (facts.backend.backend === 'webgpu' ? 'gpu' : 'wasm'),
        'the feature backend default',
      );
      // Nothing to resume in the store: no run is put in view.
      if (!stored.some((r) => ['preparing', 'running', 'paused', 'interrupted'].includes(r.state)))
        expect(host.querySelector('[data-testid="run-state"]')).toBeNull();
    } finally {
      root.unmount();
      host.remove();
      worker.terminate();
    }
  });
});
