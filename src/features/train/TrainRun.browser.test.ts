// A whole head-only run from the Train screen in Chromium, real GPU worker and library: two synthetic classes of
// JPEGs, MobileNetV2 features on WASM at 64 px, 2 epochs; the state, epoch rows, charts, checkpoints, evaluation,
// ONNX export into My models and run deletion as the screen shows them.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type Remote, wrap } from 'comlink';
import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpuWorkerApi } from '../../../workers/gpu-api.ts';
import { gpuSkipped } from '../../engine/gpu/testing.ts';
import { localModelKey } from '../../engine/infer/local-models.ts';
import { DatasetLibrary } from '../../engine/storage/library.ts';
import { type ImageRow, imageId } from '../../engine/storage/schema.ts';
import { TrainScreen } from './TrainScreen.tsx';
import { alerts, button, control, type, waitFor } from './testing/dom.ts';
import { initialForm } from './train-form.ts';
import { useTrainStore } from './train-store.ts';

const hasIdb = typeof indexedDB !== 'undefined';

async function jpeg(hue: number, seed: number): Promise<Blob> {
  const c = new OffscreenCanvas(48, 48);
  const g = c.getContext('2d')!;
  for (let i = 0; i < 60; i++) {
    const v = (seed * 9301 + i * 49297) % 233280;
    g.fillStyle = `hsl(${hue + (v % 30)}, 80%, ${30 + (v % 40)}%)`;
    g.fillRect(v % 40, (v >> 3) % 40, 8 + (v % 9), 8 + (v % 7));
  }
  return c.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
}

describe.skipIf(!hasIdb || gpuSkipped)('TrainScreen run', () => {
  const datasetId = `train-run-test-${Math.random().toString(36).slice(2)}`;
  let lib: DatasetLibrary | undefined;
  let worker: Worker | undefined;
  let api: Remote<GpuWorkerApi>;
  const gpu = <T>(f: (a: Remote<GpuWorkerApi>) => Promise<T>) => f(api);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });

  beforeAll(async () => {
    // The dev server serves ../shared/models (WEBCLAS_SHARED) as /mirror/, the default mirror.
    const probe = await fetch('/mirror/mobilenetv2-12-float.onnx', { method: 'HEAD' });
    if (!probe.ok)
      throw new Error(
        `the model mirror has no mobilenetv2-12-float.onnx (HTTP ${probe.status}): set WEBCLAS_SHARED to the shared data folder`,
      );
    lib = await DatasetLibrary.open();
    const classes = ['red', 'blue'];
    await lib.createDataset(
      {
        id: datasetId,
        name: 'red-blue',
        format: 'folders',
        createdAt: 0,
        state: 'ready',
        storedBytes: 0,
        copyShortSide: 48,
      },
      classes,
      {
        id: datasetId,
        state: 'done',
        startedAt: 0,
        items: [],
        classes,
        problems: [],
        options: { copyShortSide: 48, maxMegapixels: 40, thumbSize: 48 },
      },
    );
    const images = [];
    for (const split of ['train', 'val'])
      for (let i = 0; i < (split === 'train' ? 12 : 6); i++) {
        const label = i % 2;
        const blob = await jpeg(label === 0 ? 0 : 220, i + (split === 'val' ? 100 : 0));
        const row: ImageRow = {
          id: imageId(datasetId, `${split}/${classes[label]}/${i}.jpg`),
          datasetId,
          path: `${split}/${classes[label]}/${i}.jpg`,
          label,
          split,
          hash: `${split}-${i}`,
          mime: 'image/jpeg',
          size: blob.size,
          width: 48,
          height: 48,
          orientation: 1,
        };
        images.push({ row, thumb: blob, copy: { blob, width: 48, height: 48 } });
      }
    // Originals too: the PaddleClas export writes the original files.
    await lib.stageOriginals(
      datasetId,
      await Promise.all(
        images.map(async (im) => ({
          hash: im.row.hash,
          file: { bytes: await im.copy.blob.arrayBuffer(), type: 'image/jpeg' },
        })),
      ),
    );
    await lib.putImages(datasetId, images);

    worker = new Worker(new URL('../../../workers/gpu.worker.ts', import.meta.url), { type: 'module' });
    api = wrap<GpuWorkerApi>(worker);
  });

  afterAll(async () => {
    worker?.terminate();
    await lib?.deleteDataset(datasetId);
    lib?.close();
  });

  /** Renders the screen and fills the setup for a head-only run on the test dataset. */
  async function setUp(host: HTMLElement, root: Root, o: { name: string; epochs: number; every: number }) {
    root.render(createElement(QueryClientProvider, { client }, createElement(TrainScreen, { gpu })));
    const dataset = await waitFor(() => control<HTMLSelectElement>(host, 'Dataset'), 'the Dataset field');
    await waitFor(() => [...dataset.options].some((x) => x.value === datasetId), 'the stored dataset');
    type(dataset, datasetId);
    await waitFor(() => control<HTMLSelectElement>(host, 'Train split')!.value === 'train', 'the splits');
    type(control<HTMLSelectElement>(host, 'Preset')!, 'quick-head');
    type(control<HTMLInputElement>(host, 'Input size')!, '64');
    type(control<HTMLInputElement>(host, 'Epochs')!, String(o.epochs));
    type(control<HTMLInputElement>(host, 'Batch')!, '4');
    type(control<HTMLInputElement>(host, 'Run name')!, o.name);
    type(control<HTMLInputElement>(host, 'Checkpoint every')!, String(o.every));
    await waitFor(
      () => control<HTMLSelectElement>(host, 'Base model')!.value === 'mobilenetv2-12-float/fp32',
      'the base model',
    );
    const backend = control<HTMLSelectElement>(host, 'Feature backend')!;
    type(backend, 'wasm');
    return waitFor(
      () => button(host, 'Start training')?.disabled === false && button(host, 'Start training'),
      'Start',
    );
  }

  it('trains, checkpoints, evaluates, exports and deletes a head-only run', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    try {
      const start = await setUp(host, root, { name: 'red blue head', epochs: 2, every: 1 });
      button(host, 'Estimate')!.click();
      const estimate = await waitFor(() => host.querySelector('[data-testid="estimate"]'), 'the estimate');
      // 12 train / 6 val images at batch 4: 3 steps per epoch, with the worker's GPU memory and time figures.
      expect(estimate.textContent).toMatch(
        /^12 train \/ 6 val images · 3 steps per epoch · peak GPU [\d.]+ [kMG]?B · about [\d.]+ s per epoch \([\d.]+ [kMG]?FLOP per image\)/,
      );
      // The feature pass runs on WASM here: the estimate says so and puts no GPU time on it; no exponent notation.
      expect(estimate.textContent).toMatch(/feature pass of 18 images .* on WASM \(ONNX Runtime\)/);
      expect(estimate.textContent).not.toMatch(/\de[+-]\d/);
      expect(alerts(host)).toEqual([]);
      start.click();

      const state = () => host.querySelector('[data-testid="run-state"]')?.textContent;
      await waitFor(() => ['done', 'failed'].includes(state() ?? ''), 'the run to end', 280_000);
      expect(alerts(host)).toEqual([]);
      expect(state()).toBe('done');
      const rows = host.querySelectorAll('[data-testid="epoch-row"]');
      expect(rows).toHaveLength(2);
      expect(rows[1].querySelector('[data-col="val-top1"]')?.textContent).toMatch(/^\d+\.\d\d %$/);
      await waitFor(() => host.querySelector('[data-testid="chart-loss"] svg path'), 'the loss chart');
      await waitFor(
        () => host.querySelectorAll('[data-testid="run-row"] [data-testid="checkpoint"]').length === 2,
        'two checkpoints',
      );

      // Switching screens unmounts the screen; coming back shows the same run from the store.
      root.render(null);
      await waitFor(() => host.childElementCount === 0, 'the screen to unmount');
      root.render(createElement(QueryClientProvider, { client }, createElement(TrainScreen, { gpu })));
      await waitFor(() => state() === 'done', 'the same run after remounting');
      expect(host.querySelectorAll('[data-testid="epoch-row"]')).toHaveLength(2);

      button(host, 'Evaluate')!.click();
      await waitFor(() => host.querySelector('[data-testid="eval-views"]'), 'the evaluation', 120_000);
      expect(alerts(host)).toEqual([]);

      button(host, 'Export ONNX')!.click();
      const note = await waitFor(
        () => host.querySelector('[data-testid="export-note"]'),
        'the export',
        120_000,
      );
      // One name: the download and the My models entry are both `<run name>-epoch<best>.onnx`.
      const file = useTrainStore.getState().exported?.file ?? '';
      expect(file).toMatch(/^red-blue-head-epoch[12]\.onnx$/);
      expect(note.textContent).toContain(file);
      // Added to My models, and the base-model list (same react-query key as Classify) shows it at once.
      const id = useTrainStore.getState().exported?.localModelId ?? '';
      expect((await api.listLocalModels()).find((m) => m.id === id)?.name).toBe(file);
      const mine = () =>
        [
          ...control<HTMLSelectElement>(host, 'Base model')!.querySelectorAll(
            'optgroup[label="My models"] option',
          ),
        ].map((o) => (o as HTMLOptionElement).value);
      await waitFor(() => mine().includes(localModelKey(id)), 'the export in My models');

      // The PaddleClas zip downloads without an error, and the buttons come back.
      button(host, 'Export for PaddleClas')!.click();
      await waitFor(() => button(host, 'Export for PaddleClas')?.disabled, 'the PaddleClas export to start');
      await waitFor(
        () => button(host, 'Export for PaddleClas')?.disabled === false,
        'the PaddleClas export',
        120_000,
      );
      expect(alerts(host)).toEqual([]);

      // One Delete per run, not one per checkpoint: the dialog picks which, the oldest that is not the best first.
      expect(host.querySelectorAll('[data-testid="checkpoint"] button')).toHaveLength(0);
      host.querySelector<HTMLButtonElement>('[aria-label="Delete a checkpoint of red blue head"]')!.click();
      const dialog = await waitFor(
        () => host.querySelector('[data-testid="confirm-delete-checkpoint"]'),
        'the checkpoint dialog',
      );
      expect(dialog.querySelector('select')!.selectedOptions[0].textContent).not.toContain('best');
      dialog.querySelector<HTMLButtonElement>('[data-testid="confirm-ok"]')!.click();
      await waitFor(
        () => host.querySelectorAll('[data-testid="run-row"] [data-testid="checkpoint"]').length === 1,
        'one checkpoint left',
      );
      expect(host.querySelector('[data-testid="checkpoint"]')!.textContent).toContain('best');

      const runId = host.querySelector('[data-testid="run-row"]')!.getAttribute('data-run-id')!;
      host.querySelector<HTMLButtonElement>(`[aria-label="Delete run red blue head"]`)!.click();
      (await waitFor(() => button(host, 'Confirm delete'), 'the confirm button')).click();
      await waitFor(() => !host.querySelector(`[data-run-id="${runId}"]`), 'the run to go');
      expect(host.querySelector('[data-testid="run-state"]')).toBeNull();
    } finally {
      const exported = useTrainStore.getState().exported;
      if (exported) await api.deleteLocalModel(exported.localModelId);
      root.unmount();
      host.remove();
    }
  });

  it('pauses, resumes and finishes with every epoch once', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    const state = () => host.querySelector('[data-testid="run-state"]')?.textContent;
    const epochs = () =>
      [...host.querySelectorAll('[data-testid="epoch-row"]')].map((r) =>
        Number(r.getAttribute('data-epoch')),
      );
    try {
      useTrainStore.getState().showRun(null);
      const start = await setUp(host, root, { name: 'red blue pause', epochs: 40, every: 10 });
      start.click();
      // The run just started is brought into view: focus moves to its heading.
      await waitFor(() => document.activeElement?.id === 'train-run-heading', 'focus on the run');
      // The draft reset to the defaults (as after a reload): the disabled form still shows the run's settings.
      useTrainStore.setState({ form: initialForm() });
      const field = (label: string) => control<HTMLInputElement>(host, label)!;
      await waitFor(() => field('Epochs').disabled && field('Epochs').value === '40', "the run's epochs");
      expect(['Run name', 'Batch', 'Input size', 'Checkpoint every'].map((l) => field(l).value)).toEqual([
        'red blue pause',
        '4',
        '64',
        '10',
      ]);
      expect(control<HTMLSelectElement>(host, 'Dataset')!.value).toBe(datasetId);
      expect(control<HTMLSelectElement>(host, 'Feature backend')!.value).toBe('wasm');
      // Pause as soon as the run is under way: the worker pauses before its next step, keeping it in memory.
      const pause = await waitFor(() => button(host, 'Pause'), 'the Pause button');
      await waitFor(() => !pause.disabled, 'the run id');
      pause.click();
      const resume = await waitFor(() => state() === 'paused' && button(host, 'Resume'), 'the paused run');
      expect(epochs().length).toBeLessThan(40);
      resume.click();
      await waitFor(() => ['done', 'failed'].includes(state() ?? ''), 'the resumed run to end', 240_000);
      expect(alerts(host)).toEqual([]);
      expect(state()).toBe('done');
      expect(epochs()).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      await waitFor(
        () => host.querySelectorAll('[data-run-id] [data-testid="checkpoint"]').length === 4,
        'the runs list with checkpoints of epochs 10, 20, 30 and 40',
      );
    } finally {
      const run = useTrainStore.getState().run;
      // Cleanup must not hide the test's own failure: a run still going is stopped first.
      if (run?.id)
        await api
          .stopRun(run.id)
          .catch(() => undefined)
          .then(() => api.deleteRun(run.id))
          .catch((e: unknown) => console.warn(`cleanup: ${(e as Error).message}`));
      root.unmount();
      host.remove();
    }
  });
});
