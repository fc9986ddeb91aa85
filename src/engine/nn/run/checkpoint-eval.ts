// Validation logits of a run's checkpoint: the run's driver is rebuilt (head mode reuses the cached features),
// the checkpoint's tensors are written into its executor, and the val images go through its forward.
import type { RunSummary } from '../../../../workers/train-api.ts';
import type { GpuContext } from '../../gpu/context.ts';
import type { DatasetLibrary } from '../../storage/library.ts';
import { restoreDriverState } from './checkpoint-state.ts';
import type { CheckpointRow, CheckpointStore } from './checkpoint-store.ts';
import { type DriverFactories, featureSource } from './drivers.ts';
import { librarySource, loadRunData, type RunData } from './run-data.ts';
import { type ModelLoader, runStartGraph } from './run-graph.ts';

export interface CheckpointEvalDeps {
  ctx: GpuContext;
  store: CheckpointStore;
  lib: DatasetLibrary;
  loadModel: ModelLoader;
  drivers: DriverFactories;
}

/** The checkpoint of `epoch`, else the best (by val top-1), else the latest. */
export async function pickCheckpoint(
  store: CheckpointStore,
  run: RunSummary,
  epoch?: number,
): Promise<CheckpointRow> {
  const chosen = epoch ?? (run.checkpoints.find((c) => c.best) ?? run.checkpoints.at(-1))?.epoch;
  const row = chosen === undefined ? undefined : await store.checkpoint(run.id, chosen);
  if (!row)
    throw new Error(
      `run '${run.config.name}' has no checkpoint${epoch === undefined ? '' : ` of epoch ${epoch}`} (saved: ${
        run.checkpoints.map((c) => c.epoch).join(', ') || 'none'
      })`,
    );
  return row;
}

export async function checkpointValLogits(
  d: CheckpointEvalDeps,
  run: RunSummary,
  ckpt: CheckpointRow,
): Promise<{ logits: Float32Array; data: RunData }> {
  const c = run.config;
  const data = await loadRunData(d.lib, { ...c, seed: c.recipe.seed });
  if (data.val.length === 0) throw new Error(`run '${c.name}' has no validation images to evaluate on`);
  const { graph } = await runStartGraph(run, d.store, d.loadModel);
  const driver = await d.drivers[c.recipe.mode]({
    ctx: d.ctx,
    runId: run.id,
    recipe: c.recipe,
    featureBackend: c.featureBackend,
    data,
    graph,
    source: (part) => librarySource(d.lib, data.datasetId, part === 'train' ? data.train : data.val),
    store: d.store,
    featureSource: featureSource(c.base, c.datasetId, c.recipe.size, c.featureBackend),
    progress: () => undefined,
  });
  try {
    // EMA runs evaluate their shadows (valLogits reads them): they are restored with the rest.
    await restoreDriverState(driver, ckpt);
    const logits = await driver.valLogits();
    if (!logits) throw new Error(`run '${c.name}': the driver returned no validation logits`);
    return { logits, data };
  } finally {
    driver.dispose();
  }
}
