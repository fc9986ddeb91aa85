// One image in detail, in a modal dialog over the grid (opened where the user clicked, not below the fold): the
// training copy, its facts, relabel / move to another split / delete, and the result of the last edit.
import { useEffect, useRef, useState } from 'react';
import type { ClassRow, ImageRow } from '../../engine/storage/schema.ts';
import { ConfirmDialog } from '../../shared/ConfirmDialog.tsx';
import { formatBytes } from './dataset-view.ts';
import { datasetLibrary } from './library-client.ts';
import { useBlobUrl } from './use-blob-url.ts';

const splits = ['train', 'val', 'test'];

export function ImageDetail({
  image,
  classes,
  onChange,
  onDelete,
  onClose,
  note,
}: {
  image: ImageRow;
  classes: ClassRow[];
  onChange: (change: Partial<Pick<ImageRow, 'label' | 'split'>>) => Promise<void>;
  onDelete: () => Promise<void>;
  onClose: () => void;
  /** The last action's result or error, shown here because this is where the user is looking. */
  note: string | null;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // Deleting removes the image and its stored copies for good: asked first, like every destructive action.
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const url = useBlobUrl(
    `copy:${image.datasetId}:${image.hash}`,
    async () => (await (await datasetLibrary()).copy(image.datasetId, image.hash))?.blob,
  );
  return (
    <dialog
      ref={ref}
      className="card ds-detail"
      aria-label={`Image ${image.path}`}
      data-testid="image-detail"
      // Escape fires `cancel`: close through the store so React unmounts the dialog.
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="ds-detail-head">
        <strong className="ds-path">{image.path}</strong>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      {url && <img src={url} alt={image.path} className="ds-detail-img" />}
      <dl className="facts">
        <dt>Size</dt>
        <dd>
          {image.width} × {image.height} px, {formatBytes(image.size)} {image.mime}
        </dd>
        <dt>SHA-256</dt>
        <dd className="ds-hash">{image.hash.slice(0, 16)}…</dd>
      </dl>
      <label>
        Label{' '}
        <select
          value={image.label ?? ''}
          onChange={(e) => void onChange({ label: e.target.value === '' ? null : Number(e.target.value) })}
        >
          <option value="">unlabeled</option>
          {classes.map((c) => (
            <option key={c.index} value={c.index}>
              {c.name}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Split{' '}
        <select value={image.split} onChange={(e) => void onChange({ split: e.target.value })}>
          {[...new Set([...splits, image.split])].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" className="button danger" onClick={() => setConfirming(true)}>
        Delete image…
      </button>
      {confirming && (
        <ConfirmDialog
          title={`Delete ${image.path}?`}
          confirmLabel="Delete"
          testId="confirm-delete-image"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void onDelete();
          }}
        >
          <p>The image, its training copy and its thumbnail are removed from this dataset.</p>
        </ConfirmDialog>
      )}
      <p className="muted ds-detail-note" role="status" data-testid="detail-note">
        {note}
      </p>
    </dialog>
  );
}
