// The training part of the GPU worker's API (Train screen ↔ workers/train-service.ts): runs live in the GPU
// worker, survive screen switches, checkpoint to IndexedDB every epoch and resume after a reload.
import type { EpochReport } from '../src/engine/nn/loop/head-loop.ts';
import type { Recipe } from '../src/engine/nn/loop/recipe.ts';
import type { PresetId } from '../src/engine/nn/recipes/presets.ts';
import type { ModelRef } from './gpu-api.ts';

/** What a run starts from: a zoo model, one of "My models", or a checkpoint of an earlier run. */
export type TrainBase = ModelRef | { kind: 'checkpoint'; runId: string; epoch: number };

export interface TrainRunConfig {
  /** Shown in run lists and given to the exported model. */
  name: string;
  datasetId: string;
  /** Split names as stored in the dataset (e.g. 'train'); images of other splits are not used. */
  trainSplit: string;
  /** The validation split, or null: a seeded stratified `valFraction` of the train split is held out. */
  valSplit: string | null;
  valFraction: number;
  base: TrainBase;
  /** Normalized mirror base for zoo models (ends in '/'), or null for public URLs. */
  mirror: string | null;
  preset: PresetId | 'custom';
  recipe: Recipe;
  /** Head mode: backbone features on the engine (WebGPU) or ORT WASM (software-GPU machines). */
  featureBackend: 'gpu' | 'wasm';
  /** Checkpoint every this many epochs (the last epoch is always checkpointed). */
  checkpointEvery: number;
  /**
   * Pause once this epoch (1-based, below the recipe's epochs) has finished and been checkpointed, as a user stops
   * a PaddleClas run at an epoch boundary; absent or null: run to the end. Resuming continues past it.
   */
  pauseAfterEpoch?: number | null;
}

export type RunState = 'preparing' | 'running' | 'paused' | 'interrupted' | 'done' | 'stopped' | 'failed';

export interface CheckpointMeta {
  epoch: number;
  /** Global optimizer step after this epoch. */
  step: number;
  savedAt: number;
  bytes: number;
  valTop1: number | null;
  best: boolean;
}

export interface RunSummary {
  id: string;
  config: TrainRunConfig;
  createdAt: number;
  state: RunState;
  /** Why a run failed or stopped (NaN loss, device lost, storage full…), verbatim for the screen. */
  message?: string;
  /** One entry per finished epoch, the same objects `webclas train` prints. */
  history: EpochReport[];
  checkpoints: CheckpointMeta[];
  classes: string[];
  trainImages: number;
  valImages: number;
}

export interface RunEstimate {
  trainImages: number;
  valImages: number;
  stepsPerEpoch: number;
  /** Peak GPU buffer bytes of the compiled schedule (the liveness plan's figure). */
  peakGpuBytes: number;
  /** Forward+backward FLOPs per image of the trained part; with the device's measured rate, seconds per epoch. */
  flopsPerImage: number;
  secondsPerEpoch: number;
  /** How the time was estimated, one sentence. */
  basis: string;
}

export type TrainEvent =
  | { type: 'state'; runId: string; state: RunState; message?: string }
  | { type: 'progress'; runId: string; phase: string; done: number; total: number; etaSeconds: number | null }
  | { type: 'epoch'; runId: string; report: EpochReport }
  | { type: 'checkpoint'; runId: string; checkpoint: CheckpointMeta };

export interface ClassStats {
  name: string;
  support: number;
  precision: number;
  recall: number;
}

export interface Misclassified {
  imageId: string;
  path: string;
  label: number;
  /** The model's three best classes with probabilities. */
  top3: { index: number; prob: number }[];
}

export interface EvalReport {
  runId: string;
  epoch: number;
  top1: number;
  top5: number;
  perClass: ClassStats[];
  /** confusion[true][predicted] counts. */
  confusion: number[][];
  misclassified: Misclassified[];
}

export interface ModelCard {
  name: string;
  baseModel: string;
  dataset: { id: string; name: string; trainImages: number; valImages: number };
  classes: string[];
  recipe: Recipe;
  metrics: { epoch: number; valTop1: number | null; valTop5: number | null; history: EpochReport[] };
  exportedAt: string;
  studio: string;
}

export interface ExportedRun {
  onnx: Uint8Array;
  card: ModelCard;
  /** The file name of the download, also the model's name in "My models". */
  fileName: string;
  /** The id under which it was added to "My models" (Classify and Compare see it at once). */
  localModelId: string;
}

export interface TrainWorkerApi {
  /** Memory and time per epoch before starting (compiles the schedule; no training). */
  estimateRun(config: TrainRunConfig): Promise<RunEstimate>;
  /** Starts a run and returns its id at once; events arrive through `onEvent` (a comlink proxy). One run at a time. */
  startRun(config: TrainRunConfig, onEvent: (e: TrainEvent) => void): Promise<string>;
  /** Continues a paused or interrupted run from its last checkpoint (after a reload: same curves, nothing lost). */
  resumeRun(runId: string, onEvent: (e: TrainEvent) => void): Promise<void>;
  /** Re-attaches a listener to the run in progress (after switching screens); false when none is running. */
  watchRun(runId: string, onEvent: (e: TrainEvent) => void): Promise<boolean>;
  /** Finishes the current step, checkpoints, and waits for resumeRun. */
  pauseRun(runId: string): Promise<void>;
  /** Finishes the current step, checkpoints, and ends the run ('stopped'). */
  stopRun(runId: string): Promise<void>;
  listRuns(): Promise<RunSummary[]>;
  deleteRun(runId: string): Promise<void>;
  deleteCheckpoint(runId: string, epoch: number): Promise<void>;
  /** Evaluates a checkpoint (default: the best) on the run's validation images. */
  evaluateRun(runId: string, epoch?: number): Promise<EvalReport>;
  /** ONNX with class names and training metadata, plus the model card; also added to "My models". */
  exportRun(runId: string, epoch?: number): Promise<ExportedRun>;
  /** A zip: the dataset in PaddleClas list format plus a PaddleClas YAML config equivalent to the run's recipe. */
  exportPaddleClas(runId: string): Promise<Uint8Array>;
}
