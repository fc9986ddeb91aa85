// One training run at a time in the GPU worker: preparing → running ⇄ paused → done / stopped / failed /
// interrupted. Each epoch goes through an EpochDriver; val metrics, the epoch report and checkpoints (one IndexedDB
// transaction each) follow it. A lost device resumes from the last checkpoint on a new one; a NaN loss fails the
// run keeping its last good checkpoint; a full disk pauses it before anything is half-written; `pauseAfterEpoch`
// pauses it at that epoch boundary, checkpointed.
import type { RunSummary, TrainEvent, TrainRunConfig } from '../../../../workers/train-api.ts';
import type { GpuContext } from '../../gpu/context.ts';
import { GpuDeviceLostError } from '../../gpu/errors.ts';
import type { DatasetLibrary } from '../../storage/library.ts';
import { StorageFullError } from '../../storage/quota.ts';
import { epochReport } from '../loop/head-loop.ts';
import { classificationMetrics } from '../loop/metrics.ts';
import { checkRecipe, recipeLr } from '../loop/recipe.ts';
import { readDriverState, restoreDriverState } from './checkpoint-state.ts';
import { type CheckpointRow, type CheckpointStore, checkpointBytes } from './checkpoint-store.ts';
import type { EpochDriver } from './driver.ts';
import { type DriverFactories, featureSource } from './drivers.ts';
import { librarySource, loadRunData, type RunData } from './run-data.ts';
import { EpochEta, PhaseEta } from './run-eta.ts';
import { type ModelLoader, runStartGraph } from './run-graph.ts';

export interface RunControllerDeps {
  store: CheckpointStore;
  /** The live GPU context (DeviceManager.get(): a new device after a loss). */
  device(): Promise<GpuContext>;
  openLibrary(): Promise<DatasetLibrary>;
  loadModel: ModelLoader;
  drivers: DriverFactories;
  /** Automatic resumes after a lost device, per run start (default 2). */
  maxDeviceRecoveries?: number;
}

type Listener = (e: TrainEvent) => void;

class RunStopped extends Error {}
/** The controller was abandoned (worker shutting down): leave the database as a crash would. */
class RunAbandoned extends Error {}

interface ActiveRun {
  summary: RunSummary;
  listeners: Set<Listener>;
  pauseRequested: boolean;
  stopRequested: boolean;
  /** Set while paused: resolves the pause. */
  release: (() => void) | null;
  /** pauseRun callers waiting until the run is paused (or over). */
  pauseWaiters: (() => void)[];
  ctx: GpuContext | null;
  finished: Promise<void>;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The loss as the device reported it (a context that deviceWasLost said was lost). */
async function lostError(ctx: GpuContext | null): Promise<GpuDeviceLostError> {
  const info = ctx ? await ctx.lost : null;
  return new GpuDeviceLostError(info?.reason ?? 'unknown', info?.message ?? '');
}

/**
 * Whether `e` came from a lost device. Work that fails on a destroyed device (an aborted mapAsync) can reject
 * before the device's lost promise resolves, so a short wait on it tells a loss from an ordinary error.
 */
async function deviceWasLost(e: unknown, ctx: GpuContext | null): Promise<boolean> {
  if (e instanceof GpuDeviceLostError || ctx?.isLost) return true;
  if (!ctx) return false;
  const timeout = new Promise<false>((ok) => setTimeout(() => ok(false), 1000));
  return Promise.race([ctx.lost.then(() => true), timeout]);
}

export class RunController {
  private active: ActiveRun | null = null;
  private abandoned = false;

  private constructor(private readonly d: RunControllerDeps) {}

  /** Opens the controller; a run the database still calls running or preparing lost its tab: 'interrupted'. */
  static async create(d: RunControllerDeps): Promise<RunController> {
    for (const run of await d.store.listRuns()) {
      if (run.state !== 'running' && run.state !== 'preparing') continue;
      const last = run.checkpoints.at(-1);
      const message = `The page was closed or reloaded during the run: resume continues from ${
        last ? `the checkpoint of epoch ${last.epoch}` : 'the start (no checkpoint was saved yet)'
      }`;
      await d.store.putRun({ ...run, state: 'interrupted', message });
    }
    return new RunController(d);
  }

  get activeRunId(): string | null {
    return this.active?.summary.id ?? null;
  }

  async start(config: TrainRunConfig, listener?: Listener): Promise<string> {
    if (this.active)
      throw new Error(`run '${this.active.summary.config.name}' is in progress: pause or stop it first`);
    checkRecipe(config.recipe);
    if (!Number.isInteger(config.checkpointEvery) || config.checkpointEvery < 1)
      throw new Error(`checkpointEvery must be a positive integer, got ${config.checkpointEvery}`);
    const pauseAt = config.pauseAfterEpoch ?? null;
    if (pauseAt !== null && !(Number.isInteger(pauseAt) && pauseAt >= 1 && pauseAt < config.recipe.epochs))
      throw new Error(
        `pauseAfterEpoch must be a whole number from 1 to ${config.recipe.epochs - 1} (below the epochs), got ${pauseAt}`,
      );
    const data = await this.runData(config);
    if (data.classes.length < 2)
      throw new Error(
        `dataset '${data.datasetName}' has ${data.classes.length} class(es): training needs ≥ 2`,
      );
    const summary: RunSummary = {
      id: `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      config,
      createdAt: Date.now(),
      state: 'preparing',
      history: [],
      checkpoints: [],
      classes: data.classes,
      trainImages: data.train.length,
      valImages: data.val.length,
    };
    await this.d.store.putRun(summary);
    this.launch(summary, listener, null);
    return summary.id;
  }

  /** Continues a paused run in memory, or a paused/interrupted one from its last checkpoint. */
  async resume(runId: string, listener?: Listener): Promise<void> {
    const a = this.active;
    if (a && a.summary.id === runId) {
      if (listener) a.listeners.add(listener);
      if (!a.release) throw new Error(`run '${a.summary.config.name}' is ${a.summary.state}, not paused`);
      a.release();
      return;
    }
    if (a) throw new Error(`run '${a.summary.config.name}' is in progress: pause or stop it first`);
    const run = await this.d.store.run(runId);
    if (!run) throw new Error(`run ${runId} is not in the run list`);
    if (run.state !== 'paused' && run.state !== 'interrupted')
      throw new Error(`run '${run.config.name}' is ${run.state}: only paused or interrupted runs can resume`);
    const ckpt = (await this.d.store.checkpoint(runId)) ?? null;
    this.launch({ ...run, message: undefined }, listener, ckpt);
  }

  watch(runId: string, listener: Listener): boolean {
    if (this.active?.summary.id !== runId) return false;
    this.active.listeners.add(listener);
    return true;
  }

  /** Resolves once the run waits at a step boundary (or has ended). */
  pause(runId: string): Promise<void> {
    const a = this.requireActive(runId);
    if (a.release) return Promise.resolve();
    a.pauseRequested = true;
    return new Promise((ok) => a.pauseWaiters.push(ok));
  }

  /** Ends the run after the current step ('stopped'); a paused run not in memory is marked stopped at once. */
  async stop(runId: string): Promise<void> {
    const a = this.active;
    if (a && a.summary.id === runId) {
      a.stopRequested = true;
      a.release?.();
      await a.finished;
      return;
    }
    const run = await this.d.store.run(runId);
    if (!run) throw new Error(`run ${runId} is not in the run list`);
    if (run.state === 'paused' || run.state === 'interrupted')
      await this.d.store.putRun({ ...run, state: 'stopped', message: 'stopped by the user' });
  }

  async listRuns(): Promise<RunSummary[]> {
    const rows = await this.d.store.listRuns();
    const a = this.active;
    return a ? rows.map((r) => (r.id === a.summary.id ? a.summary : r)) : rows;
  }

  async deleteRun(runId: string): Promise<void> {
    if (this.active?.summary.id === runId)
      throw new Error('the run is in progress: stop it before deleting it');
    await this.d.store.deleteRun(runId);
  }

  /** The worker is going away: the loop ends at the next step without writing, as a closed tab would. */
  abandon(): Promise<void> {
    this.abandoned = true;
    const a = this.active;
    a?.release?.();
    return a?.finished ?? Promise.resolve();
  }

  private requireActive(runId: string): ActiveRun {
    const a = this.active;
    if (!a || a.summary.id !== runId) throw new Error(`run ${runId} is not in progress`);
    return a;
  }

  private async runData(config: TrainRunConfig): Promise<RunData & { lib: DatasetLibrary }> {
    const lib = await this.d.openLibrary();
    const data = await loadRunData(lib, { ...config, seed: config.recipe.seed });
    return { ...data, lib };
  }

  private launch(summary: RunSummary, listener: Listener | undefined, ckpt: CheckpointRow | null): void {
    const a: ActiveRun = {
      summary,
      listeners: new Set(listener ? [listener] : []),
      pauseRequested: false,
      stopRequested: false,
      release: null,
      pauseWaiters: [],
      ctx: null,
      finished: Promise.resolve(),
    };
    this.active = a;
    a.finished = this.execute(a, ckpt);
  }

  private emit(a: ActiveRun, e: TrainEvent): void {
    for (const l of a.listeners) {
      // A listener whose page went away (a dead comlink proxy) must not stop the run or the other listeners.
      Promise.resolve()
        .then(() => l(e))
        .catch(() => undefined);
    }
  }

  private async setState(a: ActiveRun, state: RunSummary['state'], message?: string): Promise<void> {
    a.summary = { ...a.summary, state, message };
    // A full disk must not hide the state change from the screen: the event goes out regardless.
    await this.d.store.putRun(a.summary).catch(() => undefined);
    this.emit(a, { type: 'state', runId: a.summary.id, state, message });
  }

  private async waitWhilePaused(a: ActiveRun, message?: string): Promise<void> {
    // The gate exists before anyone hears 'paused', so a resume sent on that event is never refused.
    const gate = new Promise<void>((ok) => {
      a.release = ok;
    });
    await this.setState(a, 'paused', message);
    for (const w of a.pauseWaiters.splice(0)) w();
    await gate;
    a.release = null;
    if (this.abandoned) throw new RunAbandoned();
    if (a.stopRequested) throw new RunStopped();
    await this.setState(a, 'running');
  }

  private async execute(a: ActiveRun, first: CheckpointRow | null): Promise<void> {
    const max = this.d.maxDeviceRecoveries ?? 2;
    let ckpt = first;
    let recoveries = 0;
    let final: { state: RunSummary['state']; message?: string } | null = null;
    for (;;) {
      try {
        await this.train(a, ckpt);
        final = { state: 'done' };
      } catch (e) {
        if (e instanceof RunAbandoned || this.abandoned) break;
        const last = a.summary.checkpoints.at(-1);
        const kept = last ? `the checkpoint of epoch ${last.epoch} is kept` : 'no checkpoint was saved yet';
        if (e instanceof RunStopped) final = { state: 'stopped', message: `stopped by the user; ${kept}` };
        else if (recoveries < max && (await deviceWasLost(e, a.ctx))) {
          recoveries++;
          ckpt = (await this.d.store.checkpoint(a.summary.id)) ?? null;
          const from = ckpt ? `the checkpoint of epoch ${ckpt.epoch}` : 'the start';
          const lost = e instanceof GpuDeviceLostError ? e : await lostError(a.ctx);
          await this.setState(
            a,
            'preparing',
            `${lost.message}: resuming from ${from} on a new device (recovery ${recoveries} of ${max})`,
          );
          continue;
        } else final = { state: 'failed', message: `${errorText(e)} (${kept})` };
      }
      break;
    }
    for (const w of a.pauseWaiters.splice(0)) w();
    if (this.abandoned || !final) {
      this.active = null;
      return;
    }
    a.summary = { ...a.summary, state: final.state, message: final.message };
    await this.d.store.putRun(a.summary).catch(() => undefined);
    this.active = null;
    this.emit(a, { type: 'state', runId: a.summary.id, state: final.state, message: final.message });
  }

  private async train(a: ActiveRun, ckpt: CheckpointRow | null): Promise<void> {
    const { config } = a.summary;
    const r = config.recipe;
    const id = a.summary.id;
    await this.setState(a, 'preparing', a.summary.message);
    const ctx = await this.d.device();
    a.ctx = ctx;
    const data = await this.runData(config);
    if (
      data.classes.join('\n') !== a.summary.classes.join('\n') ||
      data.train.length !== a.summary.trainImages
    )
      throw new Error(
        `dataset '${data.datasetName}' changed since the run started (classes or images): start a new run`,
      );
    const { graph } = await runStartGraph(a.summary, this.d.store, this.d.loadModel);
    const phaseEta = new PhaseEta();
    const driver: EpochDriver = await this.d.drivers[r.mode]({
      ctx,
      runId: id,
      recipe: r,
      featureBackend: config.featureBackend,
      data,
      graph,
      source: (part) => librarySource(data.lib, data.datasetId, part === 'train' ? data.train : data.val),
      store: this.d.store,
      featureSource: featureSource(config.base, config.datasetId, r.size, config.featureBackend),
      progress: (phase, done, total) =>
        this.emit(a, {
          type: 'progress',
          runId: id,
          phase,
          done,
          total,
          etaSeconds: phaseEta.update(phase, done, total, performance.now()),
        }),
    });
    try {
      const steps = driver.stepsPerEpoch;
      const total = r.epochs * steps;
      const lrAt = recipeLr(r, steps);
      let start = 0;
      if (ckpt) {
        await restoreDriverState(driver, ckpt);
        start = ckpt.epoch;
      }
      // Epochs after the checkpoint are trained again, identically (seeded by epoch): the curves stay the same.
      a.summary = { ...a.summary, history: ckpt ? [...ckpt.history] : [] };
      await this.setState(a, 'running');
      const valLabels = data.val.map((v) => v.label);
      const eta = new EpochEta();
      for (let epoch = start; epoch < r.epochs; epoch++) {
        const firstStep = epoch * steps;
        let tick = performance.now();
        const epochStart = tick;
        let epochStepMs = 0;
        let pausedMs = 0;
        const stats = await driver.runEpoch(epoch, {
          lrAt: (s) => lrAt(s, total),
          firstStep,
          beforeStep: async () => {
            if (this.abandoned) throw new RunAbandoned();
            if (a.stopRequested) throw new RunStopped();
            if (a.pauseRequested) {
              a.pauseRequested = false;
              const p0 = performance.now();
              await this.waitWhilePaused(a);
              tick = performance.now();
              pausedMs += tick - p0;
            }
          },
          onStep: (done, of) => {
            const now = performance.now();
            eta.step(now - tick);
            epochStepMs += now - tick;
            tick = now;
            const left = total - (firstStep + done);
            this.emit(a, {
              type: 'progress',
              runId: id,
              phase: `epoch ${epoch + 1}/${r.epochs}`,
              done,
              total: of,
              etaSeconds: eta.secondsLeft(left, r.epochs - epoch),
            });
          },
        });
        if (!Number.isFinite(stats.loss))
          throw new Error(
            `training diverged: the loss is ${stats.loss} in epoch ${epoch + 1} (steps ${firstStep + 1}–${firstStep + steps}); lower the lr`,
          );
        const logits = await driver.valLogits();
        const m = logits ? classificationMetrics(logits, valLabels, a.summary.classes.length) : null;
        const report = epochReport(epoch, stats, m, driver.peakBytes);
        a.summary = { ...a.summary, history: [...a.summary.history, report] };
        this.emit(a, { type: 'epoch', runId: id, report });
        const n = epoch + 1;
        // A planned pause checkpoints its epoch too, so a reload while paused resumes exactly there.
        const pauseHere = n === config.pauseAfterEpoch && n < r.epochs;
        if (n % config.checkpointEvery === 0 || n === r.epochs || pauseHere)
          await this.checkpoint(a, driver, n, n * steps);
        else await this.d.store.putRun(a.summary).catch(() => undefined);
        eta.epochDone(performance.now() - epochStart - pausedMs, epochStepMs);
        // Only the epoch loop itself decides this pause: it lands on the boundary however fast the epochs run.
        if (pauseHere) {
          // A stop or abandon asked during the epoch wins (checked in the same turn the pause gate is set).
          if (this.abandoned) throw new RunAbandoned();
          if (a.stopRequested) throw new RunStopped();
          a.pauseRequested = false;
          await this.waitWhilePaused(a);
        }
      }
    } finally {
      driver.dispose();
    }
  }

  /**
   * Reads the state tensors (and the driver's extra state: EMA shadows) and writes them in one transaction; a
   * full disk pauses until resumeRun retries.
   */
  private async checkpoint(a: ActiveRun, driver: EpochDriver, epoch: number, step: number): Promise<void> {
    const state = await readDriverState(driver);
    const last = a.summary.history.at(-1);
    const r = a.summary.config.recipe;
    const row: CheckpointRow = {
      runId: a.summary.id,
      epoch,
      step,
      ...state,
      history: a.summary.history,
      recipe: r,
      rng: { seed: r.seed, epoch, step },
      meta: {
        epoch,
        step,
        savedAt: Date.now(),
        bytes: checkpointBytes(state),
        valTop1: last?.val_top1 ?? null,
        best: false,
      },
    };
    for (;;) {
      try {
        const { state, message } = a.summary;
        a.summary = { ...(await this.d.store.saveCheckpoint(a.summary, row)), state, message };
        break;
      } catch (e) {
        if (!(e instanceof StorageFullError)) throw e;
        await this.waitWhilePaused(a, `${e.message} (the checkpoint of epoch ${epoch} is retried on resume)`);
      }
    }
    this.emit(a, {
      type: 'checkpoint',
      runId: a.summary.id,
      checkpoint: a.summary.checkpoints.find((c) => c.epoch === epoch)!,
    });
  }
}
