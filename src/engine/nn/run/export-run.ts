// A run's checkpoint as a deployable model: ONNX of the run's graph with the checkpoint's weights at the run's
// input size, class names and training metadata in metadata_props (as `webclas train` writes), and a model card.
import type { ModelCard, RunSummary } from '../../../../workers/train-api.ts';
import { evalPreprocess } from '../../data/feed/eval-preprocess.ts';
import { exportOnnx } from '../../onnx/export.ts';
import { withInputSize } from '../plan/compile.ts';
import type { CheckpointRow, CheckpointStore } from './checkpoint-store.ts';
import { exportFileName } from './file-stem.ts';
import { checkpointGraph, type ModelLoader } from './run-graph.ts';

export interface RunExport {
  onnx: Uint8Array;
  card: ModelCard;
  /** The one name of the export: its download and its "My models" entry. */
  fileName: string;
}

export function modelCard(
  run: RunSummary,
  ckpt: CheckpointRow,
  baseName: string,
  datasetName: string,
  exportedAt: Date,
): ModelCard {
  const at = ckpt.history.find((h) => h.epoch === ckpt.epoch);
  return {
    name: run.config.name,
    baseModel: baseName,
    dataset: {
      id: run.config.datasetId,
      name: datasetName,
      trainImages: run.trainImages,
      valImages: run.valImages,
    },
    classes: run.classes,
    recipe: run.config.recipe,
    metrics: {
      epoch: ckpt.epoch,
      valTop1: at?.val_top1 ?? null,
      valTop5: at?.val_top5 ?? null,
      history: ckpt.history,
    },
    exportedAt: exportedAt.toISOString(),
    studio: 'WebClas Studio',
  };
}

export async function exportRunOnnx(
  run: RunSummary,
  ckpt: CheckpointRow,
  store: CheckpointStore,
  load: ModelLoader,
  datasetName: string,
): Promise<RunExport> {
  const { graph, baseName } = await checkpointGraph(run, ckpt, store, load);
  const r = run.config.recipe;
  const card = modelCard(run, ckpt, baseName, datasetName, new Date());
  const onnx = exportOnnx(withInputSize(graph, r.size, r.size), {
    classes: run.classes,
    training: {
      recipe: r,
      dataset: datasetName,
      trainImages: run.trainImages,
      valImages: run.valImages,
      preprocess: evalPreprocess(r.size),
      epochs: ckpt.history,
      valTop1: card.metrics.valTop1,
      source: baseName,
      features: run.config.featureBackend,
      run: { id: run.id, epoch: ckpt.epoch },
    },
    metadata: { 'webclas.model_card': JSON.stringify(card) },
  });
  return { onnx, card, fileName: exportFileName(run.config.name, ckpt.epoch) };
}
