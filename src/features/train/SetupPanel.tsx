// The setup panel: dataset and splits, base model (zoo, My models or a checkpoint), preset, recipe and run
// settings; "Estimate" asks the worker for memory and time per epoch, "Start training" starts the run.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { TrainBase } from '../../../workers/train-api.ts';
import { type CatalogItem, formatBytes } from '../../engine/infer/model-catalog.ts';
import { PRESETS, type PresetId, preset } from '../../engine/nn/recipes/presets.ts';
import { formatDuration, formatFlops } from '../../engine/numeric/human-units.ts';
import { normalizeMirror } from '../../engine/zoo/mirror.ts';
import {
  availabilityText,
  type MirrorProbes,
  useMirrorAvailability,
} from '../../shared/use-mirror-availability.ts';
import { type Choice, NumberField, SelectField, TextField } from './fields.tsx';
import { RecipeEditor } from './RecipeEditor.tsx';
import { isActive, pct, pendingRun } from './run-state.ts';
import { startRun, type TrainGpuCall } from './train-client.ts';
import {
  applyPreset,
  type ConfigContext,
  checkpointKey,
  defaultSplits,
  formConfig,
  formFromConfig,
  parseCheckpointKey,
  presetOf,
} from './train-form.ts';
import {
  useDatasetSplits,
  useModelCatalog,
  useRuns,
  useSystemInfo,
  useTrainDatasets,
} from './train-queries.ts';
import { useTrainStore } from './train-store.ts';

/** The Classify screen's default model: the one the e2e journey and the README use. */
const DEFAULT_BASE = 'mobilenetv2-12-float/fp32';

/** A model's line in the picker: size and where it would come from on this form's mirror (cached, on it, not). */
const modelChoice =
  (probes: MirrorProbes | undefined) =>
  (i: CatalogItem): Choice => ({
    value: i.key,
    label: `${i.name} · ${i.variant} · ${i.approximate ? '≈' : ''}${formatBytes(i.bytes)} · ${availabilityText(i, probes)}`,
  });

function mirrorOf(typed: string): { mirror: string | null; error?: string } {
  try {
    return { mirror: normalizeMirror(typed.trim() || '/mirror/', { baseHref: location.href }) };
  } catch (e) {
    return { mirror: null, error: (e as Error).message };
  }
}

export function SetupPanel({ gpu }: { gpu: TrainGpuCall }) {
  const qc = useQueryClient();
  const { form: draft, setForm, touchBackend, backendTouched, estimate, run } = useTrainStore();
  const running = run !== null && (run.id === '' || isActive(run.state));
  // While a run is under way the disabled form shows that run's own settings, not the draft (which after a reload
  // holds the defaults); the draft comes back when the run ends.
  const form = running && run.config ? formFromConfig(run.config) : draft;
  const datasets = useTrainDatasets();
  const splits = useDatasetSplits(form.datasetId);
  const catalog = useModelCatalog(gpu);
  const runs = useRuns(gpu);
  const system = useSystemInfo(gpu);
  const [busy, setBusy] = useState<'estimate' | 'start' | null>(null);

  // Defaults once the data is there: the first ready dataset, its train/val splits, the default model, the
  // feature backend the System facts imply (WASM on a software rasteriser, where WebGPU is slower).
  useEffect(() => {
    const first = datasets.data?.find((d) => d.state === 'ready');
    if (form.datasetId === '' && first) setForm((f) => ({ ...f, datasetId: first.id }));
  }, [datasets.data, form.datasetId, setForm]);
  useEffect(() => {
    const s = splits.data?.splits;
    if (s && !(form.trainSplit in s)) setForm((f) => ({ ...f, ...defaultSplits(s) }));
  }, [splits.data, form.trainSplit, setForm]);
  useEffect(() => {
    if (form.baseKey !== '' || catalog.items.length === 0) return;
    const key = catalog.items.find((i) => i.key === DEFAULT_BASE)?.key ?? catalog.items[0].key;
    setForm((f) => ({ ...f, baseKey: key }));
  }, [catalog.items, form.baseKey, setForm]);
  useEffect(() => {
    const b = system.data?.backend.backend;
    if (b && !backendTouched) {
      const featureBackend = b === 'webgpu' ? 'gpu' : 'wasm';
      setForm((f) => (f.featureBackend === featureBackend ? f : { ...f, featureBackend }));
    }
  }, [system.data, backendTouched, setForm]);

  const dataset = datasets.data?.find((d) => d.id === form.datasetId);
  const ckpt = parseCheckpointKey(form.baseKey);
  const item = catalog.items.find((i) => i.key === form.baseKey);
  const ckptRun = ckpt ? runs.data?.find((r) => r.id === ckpt.runId) : undefined;
  const base: TrainBase | null = ckpt
    ? ckptRun
      ? { kind: 'checkpoint', ...ckpt }
      : null
    : item
      ? item.ref.kind === 'zoo'
        ? { kind: 'zoo', id: item.ref.id, variant: item.ref.variant }
        : { kind: 'local', id: item.ref.id }
      : null;
  const mirror = mirrorOf(form.mirror);
  const probes = useMirrorAvailability(catalog.manifest, mirror.mirror);
  const ctx: ConfigContext = {
    base,
    mirror: mirror.mirror,
    mirrorError: mirror.error,
    splits: splits.data?.splits ?? {},
    datasetName: dataset?.name ?? 'dataset',
    baseName: ckpt ? `${ckptRun?.config.name ?? 'run'} @${ckpt.epoch}` : (item?.name ?? 'model'),
    takenNames: runs.data?.map((r) => r.config.name) ?? [],
  };
  const { config, errors } = formConfig(form, ctx);
  const edited = config !== null && presetOf(config.recipe) !== form.preset;

  const checkpointChoices: Choice[] = (runs.data ?? []).flatMap((r) =>
    r.checkpoints.map((c) => ({
      value: checkpointKey(r.id, c.epoch),
      label: `${r.config.name} · epoch ${c.epoch} · val top-1 ${pct(c.valTop1)}${c.best ? ' · best' : ''}`,
    })),
  );
  const splitChoices = Object.entries(splits.data?.splits ?? {}).map(([name, n]) => ({
    value: name,
    label: `${name} (${n} images)`,
  }));

  const onEstimate = async () => {
    if (!config) return;
    setBusy('estimate');
    useTrainStore.getState().set({ error: null, estimate: null });
    try {
      const estimate = await gpu((api) => api.estimateRun(config));
      useTrainStore.getState().set({ estimate });
    } catch (e) {
      useTrainStore.getState().set({ error: `Estimate failed: ${(e as Error).message}` });
    } finally {
      setBusy(null);
    }
  };

  const onStart = async () => {
    if (!config) return;
    setBusy('start');
    const store = useTrainStore.getState();
    store.set({ error: null });
    store.showRun(pendingRun(config));
    try {
      const id = await startRun(gpu, qc, config);
      useTrainStore.setState((s) => (s.run && s.run.id === '' ? { run: { ...s.run, id } } : {}));
    } catch (e) {
      useTrainStore.getState().showRun(null);
      useTrainStore.getState().set({ error: `Could not start the run: ${(e as Error).message}` });
    } finally {
      setBusy(null);
    }
  };

  const p = PRESETS.find((x) => x.id === form.preset) ?? preset('quick-head');
  return (
    <section className="card train-setup" aria-labelledby="train-setup-heading">
      <h2 id="train-setup-heading">Setup</h2>
      <fieldset className="train-data">
        <legend>Data and model</legend>
        <SelectField
          label="Dataset"
          value={form.datasetId}
          error={errors.datasetId ?? (datasets.error ? String(datasets.error) : undefined)}
          disabled={running}
          onChange={(v) => setForm((f) => ({ ...f, datasetId: v, trainSplit: '', valSplit: '' }))}
          choices={[
            {
              value: '',
              label: datasets.data?.length ? 'Choose a dataset…' : 'No datasets yet (import one)',
            },
            ...(datasets.data ?? []).map((d) => ({
              value: d.id,
              label: `${d.name}${d.state === 'importing' ? ' (importing)' : ''}`,
              disabled: d.state !== 'ready',
            })),
          ]}
          hint={splits.data ? `${splits.data.images} images · ${splits.data.classes} classes` : undefined}
        />
        <SelectField
          label="Train split"
          value={form.trainSplit}
          error={errors.trainSplit}
          disabled={running}
          onChange={(v) => setForm((f) => ({ ...f, trainSplit: v }))}
          choices={splitChoices}
        />
        <SelectField
          label="Validation split"
          value={form.valSplit}
          error={errors.valSplit}
          disabled={running}
          onChange={(v) => setForm((f) => ({ ...f, valSplit: v }))}
          choices={[
            ...splitChoices.filter((c) => c.value !== form.trainSplit),
            { value: '', label: 'Hold out a part of the train split' },
          ]}
        />
        {form.valSplit === '' && (
          <NumberField
            label="Hold out %"
            value={form.valPercent}
            error={errors.valPercent}
            disabled={running}
            onChange={(v) => setForm((f) => ({ ...f, valPercent: v }))}
            hint="Stratified by class, seeded by the recipe's seed."
          />
        )}
        <SelectField
          label="Base model"
          value={form.baseKey}
          error={errors.baseKey ?? (catalog.error ? String(catalog.error) : undefined)}
          disabled={running}
          onChange={(v) => setForm((f) => ({ ...f, baseKey: v }))}
          groups={[
            {
              label: 'Model zoo',
              choices: catalog.items.filter((i) => i.state !== 'local').map(modelChoice(probes)),
            },
            {
              label: 'My models',
              choices: catalog.items.filter((i) => i.state === 'local').map(modelChoice(probes)),
            },
            { label: 'Checkpoints of earlier runs', choices: checkpointChoices },
          ]}
        />
        <TextField
          label="Model mirror"
          value={form.mirror}
          error={errors.mirror}
          disabled={running}
          placeholder="/mirror/ (this server)"
          onChange={(v) => setForm((f) => ({ ...f, mirror: v }))}
        />
      </fieldset>
      <fieldset className="train-preset">
        <legend>Preset</legend>
        <SelectField
          label="Preset"
          value={form.preset}
          disabled={running}
          onChange={(v) => setForm((f) => applyPreset(f, v as PresetId))}
          choices={PRESETS.map((x) => ({ value: x.id, label: x.label }))}
          hint={`${p.description}${edited ? ' (edited: the run is saved as a custom recipe)' : ''}`}
        />
      </fieldset>
      <RecipeEditor form={form} errors={errors} disabled={running} update={setForm} />
      <fieldset className="train-runopts">
        <legend>Run</legend>
        <SelectField
          label="Feature backend"
          value={form.featureBackend}
          disabled={running || form.mode !== 'head'}
          onChange={(v) => touchBackend(v as 'gpu' | 'wasm')}
          choices={[
            { value: 'gpu', label: 'WebGPU (engine)' },
            { value: 'wasm', label: 'WASM (ONNX Runtime)' },
          ]}
          hint={
            form.mode !== 'head'
              ? 'Head mode only: other modes train the backbone on WebGPU.'
              : system.data
                ? system.data.backend.reason
                : undefined
          }
        />
        <NumberField
          label="Checkpoint every"
          value={form.checkpointEvery}
          error={errors.checkpointEvery}
          disabled={running}
          onChange={(v) => setForm((f) => ({ ...f, checkpointEvery: v }))}
          hint="epochs (the last epoch is always saved)"
        />
        <NumberField
          label="Pause after epoch"
          value={form.pauseAfter}
          error={errors.pauseAfter}
          disabled={running}
          onChange={(v) => setForm((f) => ({ ...f, pauseAfter: v }))}
          hint="optional: the run pauses at this epoch boundary, checkpointed; Resume continues it"
        />
      </fieldset>
      {errors.recipe && (
        <p className="error" role="alert">
          {errors.recipe}
        </p>
      )}
      <div className="train-actions">
        <button
          type="button"
          className="button secondary"
          disabled={!config || busy !== null}
          onClick={onEstimate}
        >
          Estimate
        </button>
        <button
          type="button"
          className="button"
          disabled={!config || busy !== null || running}
          onClick={onStart}
        >
          Start training
        </button>
        {busy === 'estimate' && <span className="train-hint">Compiling the schedule…</span>}
      </div>
      {estimate && (
        <p className="train-estimate" data-testid="estimate">
          {estimate.trainImages} train / {estimate.valImages} val images · {estimate.stepsPerEpoch} steps per
          epoch · peak GPU {formatBytes(estimate.peakGpuBytes)} · about{' '}
          {formatDuration(estimate.secondsPerEpoch)} per epoch ({formatFlops(estimate.flopsPerImage)} per
          image). {estimate.basis}
        </p>
      )}
    </section>
  );
}
