// Adds the user's own .onnx to "My models": drop or pick the model, optionally a labels file (else the model's
// metadata_props webclas.classes, else index numbers). The worker checks that ORT can load it before keeping it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useState } from 'react';
import { catalogKeys } from '../../engine/infer/model-catalog.ts';
import { FilePickButton } from '../../shared/FilePickButton.tsx';
import type { GpuCall } from './gpu-call.ts';

export function AddLocalModel({ gpu }: { gpu: GpuCall }) {
  const queryClient = useQueryClient();
  const [model, setModel] = useState<File | null>(null);
  const [labels, setLabels] = useState<File | null>(null);
  const add = useMutation({
    mutationFn: async () => {
      if (!model) throw new Error('Choose an .onnx file first');
      const bytes = new Uint8Array(await model.arrayBuffer());
      const labelFile = labels ? { name: labels.name, text: await labels.text() } : null;
      return gpu((api) => api.addLocalModel({ name: model.name, bytes }, labelFile));
    },
    onSuccess: () => {
      setModel(null);
      setLabels(null);
      queryClient.invalidateQueries({ queryKey: catalogKeys.local });
      queryClient.invalidateQueries({ queryKey: catalogKeys.stored });
    },
  });
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    for (const f of e.dataTransfer.files) {
      if (f.name.toLowerCase().endsWith('.onnx')) setModel(f);
      else setLabels(f);
    }
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target; the file inputs inside give keyboard users the same action.
    <section
      className="card add-model"
      data-testid="add-local-model"
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
    >
      <h3>Add a local model</h3>
      <p>
        Drop an .onnx file (and optionally a labels file: one name per line, “0 name” lines, or a JSON array)
        here.
      </p>
      <FilePickButton accept=".onnx" testId="local-model-input" onFiles={([f]) => setModel(f)}>
        Model (.onnx)…
      </FilePickButton>{' '}
      <FilePickButton accept=".txt,.json,.csv" testId="local-labels-input" onFiles={([f]) => setLabels(f)}>
        Labels file…
      </FilePickButton>
      <p>
        {model ? model.name : 'no model chosen'} · labels:{' '}
        {labels ? labels.name : 'from the model metadata, or index numbers'}
      </p>
      <button
        type="button"
        className="button"
        disabled={!model || add.isPending}
        onClick={() => add.mutate()}
      >
        {add.isPending ? 'Checking…' : 'Add to My models'}
      </button>
      {add.error && (
        <p className="error" role="alert">
          {add.error.message}
        </p>
      )}
    </section>
  );
}
