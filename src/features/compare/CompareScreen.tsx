// The Compare screen: pick models, backends and batch sizes, benchmark them in the GPU worker on this device, and
// see the PaddleClas-style speed/accuracy scatter, WebGPU-vs-WASM bars and the table. Results persist (IndexedDB),
// export as CSV/JSON, and JSON from other devices imports beside them.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { proxy } from 'comlink';
import { useMemo, useState } from 'react';
import zooText from '../../../models/zoo.json?raw';
import type { BenchModelRef, BenchRunSummary } from '../../../workers/gpu-api.ts';
import { exportCsv, exportJson } from '../../engine/bench/models/records.ts';
import type { BenchProgress } from '../../engine/bench/models/runner.ts';
import { parseBatches } from '../../engine/bench/models/runner.ts';
import type { BenchBackend } from '../../engine/bench/models/types.ts';
import { catalogKeys } from '../../engine/infer/model-catalog.ts';
import { parseManifest } from '../../engine/zoo/load.ts';
import { normalizeMirror } from '../../engine/zoo/mirror.ts';
import { EChart } from '../../shared/charts/EChart.tsx';
import { FilePickButton } from '../../shared/FilePickButton.tsx';
import { mirrorOrError } from '../../shared/model-mirror.ts';
import { probeText, useMirrorAvailability } from '../../shared/use-mirror-availability.ts';
import {
  BACKEND_NAMES,
  barsOption,
  deviceKey,
  fineTunedOption,
  fineTunedPoints,
  scatterOption,
  scatterPoints,
  unreferenced,
} from './chart-data.ts';
import { effectiveBackends, useCompare } from './compare-store.ts';
import type { GpuCall } from './gpu-call.ts';
import { ResultsTable } from './ResultsTable.tsx';
import './compare.css';

const resultsKey = ['bench-results'] as const;
/** The System screen's query: its backend choice is the default here (one ORT WebGPU run takes ~9 s on SwiftShader). */
const systemKey = ['system', 'info'] as const;
const manifest = parseManifest(zooText);

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const backendNames = BACKEND_NAMES;

export function CompareScreen({ gpu }: { gpu: GpuCall }) {
  const s = useCompare();
  const queryClient = useQueryClient();
  const results = useQuery({ queryKey: resultsKey, queryFn: () => gpu((api) => api.benchResults()) });
  const local = useQuery({ queryKey: catalogKeys.local, queryFn: () => gpu((api) => api.listLocalModels()) });
  const system = useQuery({ queryKey: systemKey, queryFn: () => gpu((api) => api.systemInfo()) });
  const recommended = system.data?.backend;
  // Unknown until the worker has looked at the adapter; the boxes wait for it rather than flip under the user.
  const backends = recommended ? effectiveBackends(s.backends, recommended.backend) : null;
  const [progress, setProgress] = useState<BenchProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [summary, setSummary] = useState<BenchRunSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [device, setDevice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: resultsKey });

  const all = results.data ?? [];
  const devices = [...new Set([...all].reverse().map(deviceKey))];
  const shownDevice = device && devices.includes(device) ? device : (devices[0] ?? null);
  const onDevice = useMemo(() => all.filter((r) => deviceKey(r) === shownDevice), [all, shownDevice]);
  const batches = [...new Set(onDevice.map((r) => r.batch))].sort((a, b) => a - b);
  const points = useMemo(() => scatterPoints(onDevice, s.plotBackend, 1), [onDevice, s.plotBackend]);
  const unplaced = unreferenced(points);
  const scatter = useMemo(
    () =>
      scatterOption(
        points,
        'Reference ImageNet top-1 vs measured latency',
        `${backendNames[s.plotBackend]}, batch 1`,
      ),
    [points, s.plotBackend],
  );
  const bars = useMemo(() => barsOption(onDevice, 'Latency per backend', 'on this device, p50'), [onDevice]);
  const scatterCount = points.length - unplaced.length;
  const tuned = useMemo(() => fineTunedPoints(onDevice, s.plotBackend, 1), [onDevice, s.plotBackend]);
  const tunedChart = useMemo(
    () =>
      fineTunedOption(
        tuned,
        'Fine-tuned models: validation top-1 vs latency',
        `on their own dataset · ${backendNames[s.plotBackend]}, batch 1`,
      ),
    [tuned, s.plotBackend],
  );

  // What this screen's mirror has, so a model it lacks is seen before a benchmark ends in a download error.
  const probes = useMirrorAvailability(manifest, mirrorOrError(s.mirror).mirror);

  async function start() {
    setError(null);
    setSummary(null);
    let batchList: number[];
    let mirror: string;
    try {
      batchList = parseBatches(s.batches);
      mirror = normalizeMirror(s.mirror.trim() || '/mirror/', { baseHref: location.href });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return;
    }
    const refs: BenchModelRef[] = [
      ...s.models.map(
        (id): BenchModelRef =>
          id.startsWith('local:') ? { kind: 'local', id: id.slice(6) } : { kind: 'zoo', id },
      ),
      ...s.mirrorFiles
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
        .map((path): BenchModelRef => ({ kind: 'mirror', path })),
    ];
    if (refs.length === 0 || !backends || backends.length === 0) {
      setError('Pick at least one model and one backend.');
      return;
    }
    setRunning(true);
    try {
      const out = await gpu((api) =>
        api.benchModels(
          { models: refs, backends, batches: batchList, runs: s.runs, warmup: s.warmup, mirror },
          proxy((p: BenchProgress) => setProgress(p)),
          proxy(() => {
            refresh();
          }),
        ),
      );
      setSummary(out);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(false);
      setProgress(null);
      refresh();
    }
  }

  async function importFile(file: File) {
    setError(null);
    try {
      const n = await gpu(async (api) => api.importBenchResults(await file.text(), file.name));
      setSummary({ results: [], skipped: [] });
      setError(null);
      refresh();
      setProgress({ message: `imported ${n} results from ${file.name}`, done: 0, total: 0 });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <div className="compare">
      <h1>Compare</h1>
      <section className="card compare-controls">
        <h2>Benchmark on this device</h2>
        <fieldset>
          <legend>Models</legend>
          <div className="compare-models">
            {manifest.models.map((m) => (
              <label key={m.id}>
                <input
                  type="checkbox"
                  checked={s.models.includes(m.id)}
                  onChange={() => s.toggleModel(m.id)}
                  aria-describedby={`bench-avail-${m.id}`}
                />{' '}
                {m.id} {/* The checkbox keeps the model id as its name; this line is its description. */}
                <span
                  className="compare-availability"
                  id={`bench-avail-${m.id}`}
                  aria-hidden="true"
                  data-testid="bench-model-availability"
                >
                  · {probeText(probes?.[`${m.id}/${m.variants[0].name}`])}
                </span>
              </label>
            ))}
            {(local.data ?? []).map((m) => (
              <label key={m.id}>
                <input
                  type="checkbox"
                  checked={s.models.includes(`local:${m.id}`)}
                  onChange={() => s.toggleModel(`local:${m.id}`)}
                />{' '}
                {m.name} (my model)
              </label>
            ))}
          </div>
          <label className="compare-field">
            Mirror files (comma-separated paths under the mirror, e.g. arch/resnet18-bn-random.onnx)
            <input
              type="text"
              data-testid="bench-mirror-files"
              value={s.mirrorFiles}
              onChange={(e) => s.set({ mirrorFiles: e.target.value })}
            />
          </label>
          <label className="compare-field">
            Model mirror (empty: this server's /mirror/)
            <input type="text" value={s.mirror} onChange={(e) => s.set({ mirror: e.target.value })} />
          </label>
        </fieldset>
        <fieldset>
          <legend>Backends</legend>
          {backends ? (
            (['webgpu', 'wasm', 'engine'] as const).map((b) => (
              <label key={b}>
                <input
                  type="checkbox"
                  checked={backends.includes(b)}
                  onChange={() => s.toggleBackend(b, backends)}
                />{' '}
                {backendNames[b]}
              </label>
            ))
          ) : (
            <p role="status">{system.error ? system.error.message : 'Looking at this device’s GPU…'}</p>
          )}
          {recommended && s.backends === null && (
            <p className="compare-note" data-testid="bench-backend-reason">
              Ticked: the backend the System screen recommends here. {recommended.reason}
            </p>
          )}
        </fieldset>
        <div className="compare-row">
          <label>
            Batch sizes{' '}
            <input
              type="text"
              size={8}
              data-testid="bench-batches"
              value={s.batches}
              onChange={(e) => s.set({ batches: e.target.value })}
            />
          </label>
          <label>
            Warm-up runs{' '}
            <input
              type="number"
              min={0}
              max={20}
              data-testid="bench-warmup"
              value={s.warmup}
              onChange={(e) => s.set({ warmup: Math.max(0, Number(e.target.value) || 0) })}
            />
          </label>
          <label>
            Timed runs{' '}
            <input
              type="number"
              min={1}
              max={200}
              data-testid="bench-runs"
              value={s.runs}
              onChange={(e) => s.set({ runs: Math.max(1, Number(e.target.value) || 1) })}
            />
          </label>
          <button
            type="button"
            className="button"
            disabled={running}
            onClick={start}
            data-testid="bench-start"
          >
            Run benchmark
          </button>
          <button
            type="button"
            className="button"
            disabled={!running}
            onClick={() => gpu(async (api) => api.cancelBench())}
          >
            Cancel
          </button>
        </div>
        <p className="compare-status" data-testid="bench-status" data-running={running}>
          {running
            ? `${progress ? `[${progress.done}/${progress.total}] ${progress.message}` : 'starting…'}`
            : (progress?.message ?? (summary ? `done: ${summary.results.length} results` : ''))}
        </p>
        {error && (
          <p className="error" role="alert" data-testid="bench-error">
            {error}
          </p>
        )}
        {summary && summary.skipped.length > 0 && (
          <ul className="compare-skipped" data-testid="bench-skipped">
            {summary.skipped.map((k) => (
              <li key={`${k.modelId}-${k.backend}-${k.reason}`}>
                {k.modelId} on {backendNames[k.backend]}: {k.reason}
              </li>
            ))}
          </ul>
        )}
        <p className="compare-note">
          Latency = time from feeding the input to having the outputs on the CPU, awaited per run. Peak GPU
          memory counts ORT's buffers on the shared device. On a software adapter (SwiftShader) WebGPU numbers
          say nothing about a real GPU.
        </p>
      </section>

      <section className="card compare-results">
        <div className="compare-row">
          <label>
            Device{' '}
            <select value={shownDevice ?? ''} onChange={(e) => setDevice(e.target.value)}>
              {devices.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <label>
            Scatter backend{' '}
            <select
              value={s.plotBackend}
              data-testid="bench-plot-backend"
              onChange={(e) => s.set({ plotBackend: e.target.value as BenchBackend })}
            >
              {(['wasm', 'webgpu', 'engine'] as const).map((b) => (
                <option key={b} value={b}>
                  {backendNames[b]}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button"
            disabled={all.length === 0}
            onClick={() => download('webclas-bench.csv', 'text/csv', exportCsv(all))}
          >
            Export CSV
          </button>
          <button
            type="button"
            className="button"
            disabled={all.length === 0}
            onClick={() => download('webclas-bench.json', 'application/json', exportJson(all))}
          >
            Export JSON
          </button>
          <FilePickButton
            accept=".json,application/json"
            testId="bench-import"
            onFiles={([f]) => importFile(f)}
          >
            Import JSON
          </FilePickButton>
          <button
            type="button"
            className="button"
            disabled={all.length === 0 || running}
            onClick={() => gpu((api) => api.clearBenchResults()).then(refresh)}
          >
            Clear results
          </button>
        </div>
        {all.length === 0 ? (
          <p data-testid="bench-empty">No benchmark results yet: run one above, or import a JSON export.</p>
        ) : (
          <>
            <div className="compare-charts">
              <div data-testid="scatter-panel" data-points={scatterCount}>
                <EChart option={scatter} name="webclas-speed-accuracy" testId="bench-scatter" />
                {unplaced.length > 0 && (
                  <div className="compare-unplaced" data-testid="scatter-unreferenced">
                    <h3>Not on this chart: no reference ImageNet top-1</h3>
                    <ul>
                      {unplaced.map((p) => (
                        <li key={p.model}>
                          {p.model}: {p.latencyMs.toFixed(1)} ms
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </div>
              {tuned.length > 0 ? (
                <div data-testid="finetuned-panel" data-points={tuned.length}>
                  <EChart option={tunedChart} name="webclas-finetuned" testId="finetuned-scatter" />
                </div>
              ) : (
                <div data-testid="finetuned-panel" data-points={0} className="compare-empty-panel">
                  <h3>Fine-tuned models: validation accuracy vs latency</h3>
                  <p>
                    No fine-tuned model measured on this backend yet. Export one from the Train screen (it
                    joins My models), benchmark it here, and its validation accuracy on its dataset is plotted
                    against its latency.
                  </p>
                </div>
              )}
              <div data-testid="bars-panel" data-batches={batches.join(',')}>
                <EChart option={bars} name="webclas-latency-per-backend" testId="bench-bars" />
              </div>
            </div>
            <ResultsTable results={onDevice} />
          </>
        )}
      </section>
    </div>
  );
}
