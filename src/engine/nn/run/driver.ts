// The contract between a training run (run-controller.ts: pause, checkpoints, events) and what trains one epoch:
// head mode on cached features, or full / last-k on image batches augmented on the GPU.
import type { GpuExecutor } from '../train/gpu-executor.ts';

export interface EpochHooks {
  /** lr at a global optimizer step. */
  lrAt(step: number): number;
  /** Global optimizer step of this epoch's first batch (epoch × stepsPerEpoch when resuming). */
  firstStep: number;
  /** Awaited before every step: where a pause waits and a stop throws (RunInterrupted). */
  beforeStep(): Promise<void>;
  /** After every step: steps done in this epoch, of `total`. */
  onStep(done: number, total: number): void;
}

export interface EpochStats {
  /** Mean training loss over the epoch's steps (NaN/Inf is the caller's to catch). */
  loss: number;
  trainTop1: number;
  imagesPerS: number;
  /** lr of the epoch's last step. */
  lr: number;
}

/** A named tensor of driver state beyond the executor's, as a checkpoint keeps it. */
export interface DriverStateTensor {
  name: string;
  data: Float32Array;
}

export interface EpochDriver {
  /** The executor whose state tensors (`stateTensors()`) a checkpoint saves and restores. */
  readonly exec: GpuExecutor;
  readonly stepsPerEpoch: number;
  /** Peak GPU bytes of the run so far (schedule plan plus any feature pass before it). */
  readonly peakBytes: number;
  /** Trains one epoch (0-based); batches are shuffled by (seed, epoch), so a resumed epoch repeats exactly. */
  runEpoch(epoch: number, hooks: EpochHooks): Promise<EpochStats>;
  /** Logits [valImages × classes] of the current weights on the validation images; null when there are none. */
  valLogits(): Promise<Float32Array | null>;
  /** State beyond `exec.stateTensors()` that a checkpoint keeps (ImageDriver: EMA shadows named `ema:<tensor>`). */
  readExtraState?(): Promise<DriverStateTensor[]>;
  /**
   * Writes `readExtraState`'s tensors back after the executor's state; an empty list (a checkpoint saved before
   * they were kept) restarts them from the restored weights. A wrong name or length throws naming the tensor.
   */
  restoreExtraState?(tensors: readonly DriverStateTensor[]): Promise<void>;
  dispose(): void;
}
