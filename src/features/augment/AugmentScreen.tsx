// The Augment Gallery: pick photos (or get a source from a parent), an op or policy with magnitude/probability,
// and see a live grid of GPU-augmented samples beside each original; re-roll or fix the seed. The JSON shown is
// the PaddleClas config training will use.
import { type DragEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { PreviewResult } from '../../engine/augment/gpu/preview.ts';
import { FilePickButton } from '../../shared/FilePickButton.tsx';
import {
  DEFAULT_GALLERY,
  GALLERY_OPS,
  type GalleryOp,
  type GallerySettings,
  galleryConfig,
} from './augment-presets.ts';
import type { GpuCall } from './gpu-call.ts';
import { type AugmentImageSource, filesSource, type GalleryImage } from './image-source.ts';
import './augment.css';

const MAX_SOURCES = 4;
const VARIANTS = 5;

function Pixels({
  width,
  height,
  rgba,
  title,
}: {
  width: number;
  height: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
  title: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    ref.current?.getContext('2d')?.putImageData(new ImageData(rgba, width, height), 0, 0);
  }, [rgba, width, height]);
  return <canvas ref={ref} width={width} height={height} title={title} className="augment-cell" />;
}

function originalRgba(g: GalleryImage): Uint8ClampedArray<ArrayBuffer> {
  const { width, height, data } = g.image;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) rgba[p * 4 + c] = data[p * 3 + c];
    rgba[p * 4 + 3] = 255;
  }
  return rgba;
}

/**
 * `gpu` reaches the studio's GPU worker, whose one device does the augmenting. `source` lets a parent (e.g. the
 * Datasets screen) supply images; without it the user picks photos.
 */
export function AugmentScreen({ gpu, source }: { gpu: GpuCall; source?: AugmentImageSource }) {
  const [picked, setPicked] = useState<AugmentImageSource | undefined>();
  const active = source ?? picked;
  const [images, setImages] = useState<GalleryImage[]>([]);
  const [settings, setSettings] = useState<GallerySettings>(DEFAULT_GALLERY);
  const [seed, setSeed] = useState(1);
  const [fixedSeed, setFixedSeed] = useState(false);
  const [result, setResult] = useState<PreviewResult | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const config = useMemo(() => galleryConfig(settings), [settings]);

  useEffect(() => {
    if (!active) return;
    let live = true;
    active.load(MAX_SOURCES).then(
      (loaded) => live && setImages(loaded),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [active]);

  useEffect(() => {
    if (images.length === 0) return;
    let live = true;
    setBusy(true);
    gpu((api) =>
      api.augmentPreview({
        config,
        sources: images.map((i) => i.image),
        variants: VARIANTS,
        key: { seed, epoch: 240, step: 0 },
      }),
    )
      .then(
        (r) => {
          if (!live) return;
          setResult(r);
          setError(undefined);
        },
        (e: Error) => live && setError(e.message),
      )
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [gpu, images, config, seed]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    setPicked(filesSource([...e.dataTransfer.files]));
  };
  const set = (patch: Partial<GallerySettings>) => setSettings((s) => ({ ...s, ...patch }));

  return (
    <section className="augment" aria-labelledby="augment-title">
      <h1 id="augment-title">Augment</h1>
      <div className="augment-controls">
        <label>
          Op or policy{' '}
          <select value={settings.op} onChange={(e) => set({ op: e.target.value as GalleryOp })}>
            {GALLERY_OPS.map((op) => (
              <option key={op}>{op}</option>
            ))}
          </select>
        </label>
        <label>
          Magnitude {settings.magnitude}
          <input
            type="range"
            min={0}
            max={10}
            step={1}
            value={settings.magnitude}
            onChange={(e) => set({ magnitude: Number(e.target.value) })}
          />
        </label>
        <label>
          Probability {settings.probability.toFixed(2)}
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={settings.probability}
            onChange={(e) => set({ probability: Number(e.target.value) })}
          />
        </label>
        <label>
          Seed{' '}
          <input
            type="number"
            min={0}
            value={seed}
            onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
          />
        </label>
        <label>
          <input type="checkbox" checked={fixedSeed} onChange={(e) => setFixedSeed(e.target.checked)} /> fixed
          seed
        </label>
        <button
          type="button"
          className="button secondary"
          disabled={fixedSeed || busy}
          onClick={() => setSeed((s) => (s + 1) >>> 0)}
        >
          Re-roll
        </button>
      </div>
      {!source && (
        // biome-ignore lint/a11y/noStaticElementInteractions: a drop target; the file input inside gives keyboard users the same action.
        <div
          className={`augment-drop${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          Drop photos here or{' '}
          <FilePickButton
            accept="image/*"
            multiple
            testId="augment-file-input"
            onFiles={(f) => setPicked(filesSource(f))}
          >
            Choose photos…
          </FilePickButton>
        </div>
      )}
      {active && (
        <p className="augment-status">
          {active.label}
          {busy
            ? ' · augmenting on the GPU…'
            : result
              ? ` · ${result.passes} GPU pass(es), ${result.gpuMs.toFixed(0)} ms`
              : ''}
        </p>
      )}
      {error && (
        <p className="augment-error" role="alert">
          {error}
        </p>
      )}
      <div className="augment-grid">
        {images.map((g, s) => (
          <div className="augment-row" key={g.id}>
            <figure>
              <Pixels
                width={g.image.width}
                height={g.image.height}
                rgba={originalRgba(g)}
                title={`${g.name} (original)`}
              />
              <figcaption>original</figcaption>
            </figure>
            {result?.images
              .filter((im) => im.source === s)
              .map((im, v) => (
                <figure key={im.sample}>
                  <Pixels
                    width={im.width}
                    height={im.height}
                    rgba={im.rgba}
                    title={`target ${im.target.map((t) => t.toFixed(2)).join(' ')}`}
                  />
                  <figcaption>#{v + 1}</figcaption>
                </figure>
              ))}
          </div>
        ))}
      </div>
      <details open>
        <summary>Config used for training (PaddleClas transform_ops)</summary>
        {/* Focusable so keyboard users can scroll a config wider or taller than its box. */}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1). */}
        <pre className="augment-config" tabIndex={0}>
          {JSON.stringify(config, null, 2)}
        </pre>
      </details>
    </section>
  );
}
