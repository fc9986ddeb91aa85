// Virtualized thumbnail grid: only the rows in view (plus a few) exist in the DOM, each thumbnail's object URL
// is made when its row mounts and revoked when it leaves, so 10k images scroll like 100.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { ClassRow, ImageRow } from '../../engine/storage/schema.ts';
import { gridColumns, rowSlice } from './dataset-view.ts';
import { datasetLibrary } from './library-client.ts';
import { useBlobUrl } from './use-blob-url.ts';

const CELL = 112;
const GAP = 8;

function Thumb({ image, className, onOpen }: { image: ImageRow; className: string; onOpen: () => void }) {
  const url = useBlobUrl(`thumb:${image.datasetId}:${image.hash}`, async () =>
    (await datasetLibrary()).thumb(image.datasetId, image.hash),
  );
  return (
    <button
      type="button"
      className="ds-thumb"
      title={`${image.path} · ${className} · ${image.split}`}
      data-testid="thumb"
      onClick={onOpen}
      style={{ width: CELL, height: CELL }}
    >
      {url ? (
        <img src={url} alt={image.path} width={CELL} height={CELL} />
      ) : (
        <span className="ds-thumb-empty" />
      )}
      <span className={`ds-split ds-split-${image.split}`}>{image.split}</span>
    </button>
  );
}

export function ThumbGrid({
  images,
  classes,
  onOpen,
}: {
  images: ImageRow[];
  classes: ClassRow[];
  onOpen: (id: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => setWidth(entry!.contentRect.width));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const columns = gridColumns(width, CELL, GAP);
  const rows = Math.ceil(images.length / columns);
  const virtual = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => CELL + GAP,
    overscan: 3,
  });
  const name = (label: number | null) =>
    label === null ? 'unlabeled' : (classes[label]?.name ?? String(label));

  return (
    <div
      ref={scroller}
      className="ds-grid"
      // The scroller's bounded height is what makes virtualization work: keep it here, not only in the CSS.
      style={{ height: '60vh', minHeight: 320, overflow: 'auto' }}
      data-testid="thumb-grid"
      data-count={images.length}
    >
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((row) => (
          <div
            key={row.key}
            className="ds-grid-row"
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              transform: `translateY(${row.start}px)`,
              gap: GAP,
            }}
          >
            {rowSlice(images, row.index, columns).map((img) => (
              <Thumb key={img.id} image={img} className={name(img.label)} onOpen={() => onOpen(img.id)} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
