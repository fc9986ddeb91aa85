// The Models screen: the zoo (size, licence, integrity, whether it is downloaded; models download on first use in
// Classify), the local cache with its usage and delete, and "My models" (the user's own .onnx files).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import zooText from '../../../models/zoo.json?raw';
import { buildCatalog, catalogKeys, formatBytes } from '../../engine/infer/model-catalog.ts';
import { parseManifest } from '../../engine/zoo/load.ts';
import { ConfirmDialog } from '../../shared/ConfirmDialog.tsx';
import { mirrorOrError, useModelMirror } from '../../shared/model-mirror.ts';
import {
  availabilityState,
  availabilityText,
  useMirrorAvailability,
} from '../../shared/use-mirror-availability.ts';
import { AddLocalModel } from './AddLocalModel.tsx';
import type { GpuCall } from './gpu-call.ts';

const integrityWords = {
  pinned: 'sha256 pinned, checked on download',
  unverified: 'unverified (no pinned hash): asks before download',
  own: 'your own file',
} as const;

export function ModelsScreen({ gpu }: { gpu: GpuCall }) {
  const queryClient = useQueryClient();
  const manifest = useQuery({ queryKey: catalogKeys.manifest, queryFn: async () => parseManifest(zooText) });
  const stored = useQuery({ queryKey: catalogKeys.stored, queryFn: () => gpu((api) => api.storedModels()) });
  const local = useQuery({ queryKey: catalogKeys.local, queryFn: () => gpu((api) => api.listLocalModels()) });
  const items = buildCatalog(manifest.data, stored.data?.stored ?? [], local.data ?? []);
  const mirror = mirrorOrError(useModelMirror((s) => s.mirror));
  const probes = useMirrorAvailability(manifest.data, mirror.mirror);
  const refresh = () => {
    queryClient.invalidateQueries({ queryKey: catalogKeys.stored });
    queryClient.invalidateQueries({ queryKey: catalogKeys.local });
  };
  const remove = useMutation({
    mutationFn: (item: (typeof items)[number]) =>
      item.ref.kind === 'local'
        ? gpu((api) => api.deleteLocalModel(item.ref.id))
        : item.storeKey === null
          ? Promise.resolve()
          : gpu((api) => api.deleteStoredModel(item.storeKey!)).then(() => undefined),
    onSettled: refresh,
  });
  const [confirm, setConfirm] = useState<(typeof items)[number] | null>(null);
  const usage = stored.data?.usage;
  const mine = items.filter((i) => i.state === 'local');
  const zoo = items.filter((i) => i.state !== 'local');

  const row = (i: (typeof items)[number]) => (
    <tr key={i.key} data-testid="model-row" data-key={i.key} data-state={i.state}>
      <td>{i.name}</td>
      <td>{i.family}</td>
      <td>{i.variant}</td>
      <td>
        {i.approximate ? '≈' : ''}
        {formatBytes(i.bytes)}
      </td>
      <td data-testid="model-availability" data-availability={availabilityState(i, probes)}>
        {availabilityText(i, probes)}
      </td>
      <td data-testid="model-integrity" className={i.integrity === 'unverified' ? 'unverified' : undefined}>
        {integrityWords[i.integrity]}
      </td>
      <td>{i.licence ?? ''}</td>
      <td>
        {i.state !== 'remote' && (
          <button
            type="button"
            className="button danger"
            aria-label={`Delete ${i.name} ${i.variant}`}
            disabled={remove.isPending}
            onClick={() => setConfirm(i)}
          >
            Delete…
          </button>
        )}
      </td>
    </tr>
  );
  const head = (
    <thead>
      <tr>
        <th>Model</th>
        <th>Family</th>
        <th>Variant</th>
        <th>Size</th>
        <th>State</th>
        <th>Integrity</th>
        <th>Licence</th>
        <th />
      </tr>
    </thead>
  );

  return (
    <div className="models" data-testid="models-screen">
      <h1>Models</h1>
      {usage && (
        <p data-testid="storage-usage">
          Cache: {usage.models} models, {formatBytes(usage.modelBytes)}
          {usage.partialBytes > 0 ? ` + ${formatBytes(usage.partialBytes)} of unfinished downloads` : ''}
          {usage.available != null ? ` · ${formatBytes(usage.available)} free` : ''}
        </p>
      )}
      {(manifest.error ?? stored.error ?? local.error ?? remove.error) != null && (
        <p className="error">{String(manifest.error ?? stored.error ?? local.error ?? remove.error)}</p>
      )}
      <h2>My models</h2>
      <AddLocalModel gpu={gpu} />
      {mine.length > 0 ? (
        <table className="model-table" data-testid="my-models">
          {head}
          <tbody>{mine.map(row)}</tbody>
        </table>
      ) : (
        <p>No local models yet.</p>
      )}
      {confirm && (
        <ConfirmDialog
          title={`Delete ${confirm.name} ${confirm.variant}?`}
          confirmLabel="Delete"
          testId="confirm-delete-model"
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            remove.mutate(confirm);
            setConfirm(null);
          }}
        >
          <p>
            {confirm.state === 'local'
              ? 'Your model and its labels are removed from this browser; add the file again to use it.'
              : 'The downloaded copy is removed; the model downloads again the next time it is used.'}
          </p>
        </ConfirmDialog>
      )}
      <h2>Model zoo</h2>
      <p data-testid="models-mirror">
        {mirror.mirror
          ? `Models download on first use from the model mirror ${mirror.mirror} (set it on Classify); “not on the mirror” means that mirror lacks the file: point the setting at a mirror that has it, add the file there, or use a cached model.`
          : `The model mirror setting is not usable: ${mirror.error}`}
      </p>
      <table className="model-table" data-testid="zoo-models">
        {head}
        <tbody>{zoo.map(row)}</tbody>
      </table>
    </div>
  );
}
