// EvalViews in real Chromium: figures, the per-class table re-sorting on a header click, the confusion heatmap
// drawn by echarts, and the misclassified gallery showing thumbnails from the dataset library with the top-3.
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import type { EvalReport } from '../../../../workers/train-api.ts';
import { DatasetLibrary } from '../../../engine/storage/library.ts';
import type { ImageRow } from '../../../engine/storage/schema.ts';
import { EvalViews } from './EvalViews.tsx';

const hasDom = typeof document !== 'undefined';
const DS = 'eval-views-test';

describe.skipIf(!hasDom)('EvalViews', () => {
  it('shows figures, sorts the table, draws the heatmap and the misclassified thumbnails', async () => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    const classes = ['daisy', 'rose', 'tulip'];
    const rows: ImageRow[] = ['a.jpg', 'b.jpg'].map((path, i) => ({
      id: `${DS}:${path}`,
      datasetId: DS,
      path,
      label: i,
      split: 'val',
      hash: `hash-${i}`,
      mime: 'image/jpeg',
      size: 1,
      width: 8,
      height: 8,
      orientation: 1,
    }));
    const lib = await DatasetLibrary.open();
    await lib.createDataset(
      {
        id: DS,
        name: 'eval',
        format: 'csv',
        createdAt: 0,
        state: 'ready',
        storedBytes: 0,
        copyShortSide: 256,
      },
      classes,
      {
        id: DS,
        state: 'done',
        startedAt: 0,
        items: [],
        classes: [],
        problems: [],
        options: { copyShortSide: 256, maxMegapixels: 40, thumbSize: 128 },
      },
    );
    const canvas = new OffscreenCanvas(8, 8);
    canvas.getContext('2d')!.fillRect(0, 0, 8, 8);
    const thumb = await canvas.convertToBlob({ type: 'image/jpeg' });
    await lib.putImages(
      DS,
      rows.map((row) => ({ row, thumb, copy: { blob: null, width: 8, height: 8 } })),
    );
    const report: EvalReport = {
      runId: 'run1',
      epoch: 2,
      top1: 0.8,
      top5: 1,
      perClass: [
        { name: 'daisy', support: 4, precision: 0.75, recall: 0.75 },
        { name: 'rose', support: 3, precision: 1, recall: 2 / 3 },
        { name: 'tulip', support: 3, precision: 0.75, recall: 1 },
      ],
      confusion: [
        [3, 0, 1],
        [1, 2, 0],
        [0, 0, 3],
      ],
      misclassified: [
        {
          imageId: `${DS}:a.jpg`,
          path: 'a.jpg',
          label: 0,
          top3: [
            { index: 2, prob: 0.7 },
            { index: 0, prob: 0.2 },
            { index: 1, prob: 0.1 },
          ],
        },
        {
          imageId: `${DS}:b.jpg`,
          path: 'b.jpg',
          label: 1,
          top3: [
            { index: 0, prob: 0.5 },
            { index: 1, prob: 0.4 },
            { index: 2, prob: 0.1 },
          ],
        },
        {
          imageId: `${DS}:gone.jpg`,
          path: 'gone.jpg',
          label: 2,
          top3: [
            { index: 0, prob: 0.5 },
            { index: 1, prob: 0.4 },
            { index: 2, prob: 0.1 },
          ],
        },
      ],
    };
    const host = document.createElement('div');
    host.style.width = '900px';
    document.body.append(host);
    const root = createRoot(host);
    try {
      await act(async () => root.render(createElement(EvalViews, { report, datasetId: DS, classes })));
      expect(host.querySelector('[data-testid="eval-top1"]')?.textContent).toBe('80.0%');
      expect(host.querySelector('[data-testid="eval-top5"]')?.textContent).toBe('100.0%');
      const names = () =>
        [...host.querySelectorAll('[data-testid="eval-per-class"] tbody tr')].map(
          (tr) => tr.children[1]?.textContent,
        );
      // Default: worst recall first.
      expect(names()).toEqual(['rose', 'daisy', 'tulip']);
      const header = (label: string) =>
        [...host.querySelectorAll<HTMLButtonElement>('th button')].find((b) =>
          b.textContent?.startsWith(label),
        )!;
      await act(async () => header('Class').click());
      expect(names()).toEqual(['daisy', 'rose', 'tulip']);
      await act(async () => header('Class').click());
      expect(names()).toEqual(['tulip', 'rose', 'daisy']);
      await act(async () => header('Precision').click());
      expect(names()).toEqual(['rose', 'daisy', 'tulip']);

      const chart = host.querySelector<HTMLElement>('[data-testid="eval-confusion"]')!;
      await expect.poll(() => chart.dataset.ready, { timeout: 30_000 }).toBe('true');
      await expect.poll(() => chart.querySelector('canvas') !== null).toBe(true);

      const gallery = host.querySelector('[data-testid="eval-misclassified"]')!;
      await expect.poll(() => gallery.querySelectorAll('img').length, { timeout: 10_000 }).toBe(2);
      for (const img of gallery.querySelectorAll('img')) expect(img.src).toMatch(/^blob:/);
      expect(gallery.textContent).toContain('not in the library');
      const first = gallery.querySelector('li')!;
      expect(first.querySelector('.eval-truth')?.textContent).toBe('true: daisy');
      expect([...first.querySelectorAll('.eval-top3 li')].map((li) => li.textContent)).toEqual([
        'tulip 70.0%',
        'daisy 20.0%',
        'rose 10.0%',
      ]);
      expect(first.querySelector('.eval-correct')?.textContent).toBe('daisy 20.0%');
    } finally {
      await act(async () => root.unmount());
      host.remove();
      await lib.deleteDataset(DS);
      lib.close();
    }
  });
});
