// The engine graph a run trains, rebuilt the same way every time (start, resume, evaluate, export): the base model
// (zoo, "My models", or an earlier run's checkpoint) with a fresh seeded N-class head, then a checkpoint's tensors.
import type { ModelRef } from '../../../../workers/gpu-api.ts';
import type { RunSummary, TrainBase } from '../../../../workers/train-api.ts';
import { importOnnx } from '../../onnx/import.ts';
import { replaceHead } from '../graph/head.ts';
import type { Graph } from '../graph/ir.ts';
import type { CheckpointRow, CheckpointStore } from './checkpoint-store.ts';

/** A zoo or local model's bytes and name; zoo models also say their family and display name (for PaddleClas). */
export interface LoadedModel {
  bytes: Uint8Array;
  name: string;
  family?: string;
  displayName?: string;
}

/** Resolves a model through the service's stores (download cache, "My models"). */
export type ModelLoader = (ref: ModelRef, mirror: string | null) => Promise<LoadedModel>;

/** The zoo or local model at the root of a run's chain of base checkpoints. */
export async function rootModel(
  run: Pick<RunSummary, 'config'>,
  store: CheckpointStore,
  load: ModelLoader,
): Promise<LoadedModel> {
  let base = run.config.base;
  let mirror = run.config.mirror;
  for (let depth = 0; base.kind === 'checkpoint'; depth++) {
    const parent = depth < 16 ? await store.run(base.runId) : undefined;
    if (!parent) throw new Error(`base run ${base.runId} is not in the run list (was it deleted?)`);
    base = parent.config.base;
    mirror = parent.config.mirror;
  }
  return load(base, mirror);
}

/** A copy of `graph` whose params named in the checkpoint hold its values (optimizer state is skipped). */
export function applyCheckpoint(
  graph: Graph,
  ckpt: Pick<CheckpointRow, 'tensors' | 'epoch' | 'extra'>,
): Graph {
  const params = new Map(graph.params);
  // An EMA run's model is its average (its epoch reports were measured on it): `ema:<name>` wins over `<name>`.
  const ema = new Map(
    (ckpt.extra ?? []).filter((t) => t.name.startsWith('ema:')).map((t) => [t.name.slice(4), t.data]),
  );
  for (const t of ckpt.tensors) {
    const p = params.get(t.name);
    if (!p) continue;
    const data = new Float32Array((ema.get(t.name) ?? t.data).slice(0));
    if (data.length !== p.data.length)
      throw new Error(
        `checkpoint of epoch ${ckpt.epoch}: '${t.name}' holds ${data.length} values, the graph needs ${p.data.length}`,
      );
    params.set(t.name, { ...p, data });
  }
  return { ...graph, params };
}

/** The untrained graph of a run: its base with a fresh head for `classes` classes, seeded by the recipe. */
export async function runStartGraph(
  run: Pick<RunSummary, 'config' | 'classes'>,
  store: CheckpointStore,
  load: ModelLoader,
): Promise<{ graph: Graph; baseName: string }> {
  const base = await baseGraph(run.config.base, run.config.mirror, store, load);
  return {
    graph: replaceHead(base.graph, run.classes.length, { seed: run.config.recipe.seed }),
    baseName: base.name,
  };
}

/** A run's graph with the weights of one of its checkpoints. */
export async function checkpointGraph(
  run: RunSummary,
  ckpt: CheckpointRow,
  store: CheckpointStore,
  load: ModelLoader,
): Promise<{ graph: Graph; baseName: string }> {
  const start = await runStartGraph(run, store, load);
  return { graph: applyCheckpoint(start.graph, ckpt), baseName: start.baseName };
}

async function baseGraph(
  base: TrainBase,
  mirror: string | null,
  store: CheckpointStore,
  load: ModelLoader,
  depth = 0,
): Promise<{ graph: Graph; name: string }> {
  if (base.kind !== 'checkpoint') {
    const { bytes, name } = await load(base, mirror);
    return { graph: importOnnx(bytes, name).graph, name };
  }
  if (depth > 16) throw new Error(`run ${base.runId}: its chain of base checkpoints is longer than 16 runs`);
  const run = await store.run(base.runId);
  if (!run) throw new Error(`base run ${base.runId} is not in the run list (was it deleted?)`);
  const ckpt = await store.checkpoint(base.runId, base.epoch);
  if (!ckpt) throw new Error(`run '${run.config.name}' has no checkpoint of epoch ${base.epoch}`);
  const parent = await baseGraph(run.config.base, run.config.mirror, store, load, depth + 1);
  const graph = replaceHead(parent.graph, run.classes.length, { seed: run.config.recipe.seed });
  return { graph: applyCheckpoint(graph, ckpt), name: `${run.config.name} (epoch ${base.epoch})` };
}
