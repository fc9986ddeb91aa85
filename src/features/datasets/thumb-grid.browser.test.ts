// The thumbnail grid with 10,000 images in real Chromium: only the rows in view are in the DOM, scrolling to the
// end renders the last images, and the thumbnails' object URLs are revoked when their rows leave.
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import type { ImageRow } from '../../engine/storage/schema.ts';
import { datasetLibrary } from './library-client.ts';
import { ThumbGrid } from './ThumbGrid.tsx';

const hasDom = typeof document !== 'undefined';
const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

describe.skipIf(!hasDom)('ThumbGrid', () => {
  it('renders only the visible rows of 10k images, and the last ones after scrolling', async () => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    const images: ImageRow[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: `grid-test:img${i}`,
      datasetId: 'grid-test',
      path: `img${i}.jpg`,
      label: i % 3,
      split: i % 5 === 0 ? 'val' : 'train',
      hash: `h${i}`,
      mime: 'image/jpeg',
      size: 1,
      width: 1,
      height: 1,
      orientation: 1,
    }));
    const classes = ['a', 'b', 'c'].map((name, index) => ({ datasetId: 'grid-test', index, name }));
    // Real thumbnails for the first 40 images, in the app's own library (removed at the end).
    const lib = await datasetLibrary();
    await lib.createDataset(
      {
        id: 'grid-test',
        name: 'grid',
        format: 'csv',
        createdAt: 0,
        state: 'ready',
        storedBytes: 0,
        copyShortSide: 256,
      },
      ['a', 'b', 'c'],
      {
        id: 'grid-test',
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
      'grid-test',
      images.slice(0, 40).map((row) => ({ row, thumb, copy: { blob: null, width: 1, height: 1 } })),
    );
    const live = new Set<string>();
    const { createObjectURL, revokeObjectURL } = URL;
    URL.createObjectURL = (b: Blob | MediaSource) => {
      const url = createObjectURL(b);
      live.add(url);
      return url;
    };
    URL.revokeObjectURL = (url: string) => {
      live.delete(url);
      revokeObjectURL(url);
    };
    const host = document.createElement('div');
    host.style.width = '800px';
    document.body.append(host);
    const root = createRoot(host);
    await act(async () =>
      root.render(createElement(ThumbGrid, { images, classes, onOpen: () => undefined })),
    );
    await act(frame);
    const grid = host.querySelector<HTMLElement>('[data-testid="thumb-grid"]')!;
    const shown = () =>
      [...host.querySelectorAll('[data-testid="thumb"]')].map((b) => b.getAttribute('title'));
    const first = shown();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(200);
    expect(first[0]).toMatch(/^img0\.jpg/);
    await expect.poll(() => host.querySelectorAll('img').length).toBeGreaterThan(0);
    expect(live.size).toBe(host.querySelectorAll('img').length);

    await act(async () => {
      grid.scrollTop = grid.scrollHeight;
      grid.dispatchEvent(new Event('scroll'));
      await frame();
    });
    await act(frame);
    const last = shown();
    expect(last.length).toBeLessThan(200);
    expect(last.some((t) => t?.startsWith('img9999.jpg'))).toBe(true);
    expect(last.some((t) => t?.startsWith('img0.jpg '))).toBe(false);
    // The first rows left the DOM: their object URLs are gone too.
    expect(live.size).toBe(0);
    await act(async () => root.unmount());
    host.remove();
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = revokeObjectURL;
    await lib.deleteDataset('grid-test');
  });
});
