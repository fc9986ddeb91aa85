// IndexedDB 'webclas-runs': training runs (RunSummary rows), their checkpoints (weights, optimizer state, RNG
// counters, history, recipe) and each run's cached head-mode features (indexed by what computed them, so a later
// run on the same backbone, dataset and size can reuse them). A checkpoint and its run row are written in
// one transaction, so a full disk aborts the whole write and never leaves a half-written checkpoint behind.
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB, type StoreNames } from 'idb';
import type { CheckpointMeta, RunSummary } from '../../../../workers/train-api.ts';
import { isQuotaError, StorageFullError } from '../../storage/quota.ts';
import type { EpochReport } from '../loop/head-loop.ts';
import type { Recipe } from '../loop/recipe.ts';

export const RUNS_DB = 'webclas-runs';
export const RUNS_DB_VERSION = 2;

export interface StoredTensor {
  name: string;
  data: ArrayBuffer;
}

export interface CheckpointRow {
  runId: string;
  /** 1-based: the number of finished epochs this checkpoint holds. */
  epoch: number;
  step: number;
  optimizerSteps: number;
  tensors: StoredTensor[];
  /**
   * The driver's state beyond the executor's (EMA shadows, `ema:<tensor>`): kept apart from `tensors`, which are
   * exactly the executor's state. Absent in rows saved before it existed and in runs without such state.
   */
  extra?: StoredTensor[];
  history: EpochReport[];
  recipe: Recipe;
  /** The RNG is counter-based (shuffles by seed + epoch, augmentation by seed + epoch + step): these replay it. */
  rng: { seed: number; epoch: number; step: number };
  meta: CheckpointMeta;
}

export interface FeatureRow {
  runId: string;
  part: 'train' | 'val';
  dim: number;
  features: ArrayBuffer;
  labels: ArrayBuffer;
  /** The images the rows came from, in row order (a changed dataset invalidates the cache). */
  imageIds: string[];
  /**
   * What computed the rows (featureSource in drivers.ts: backbone, dataset, size, backend); absent in rows saved
   * before reuse existed, which are then never offered to other runs.
   */
  source?: string;
}

interface RunsDb extends DBSchema {
  runs: { key: string; value: RunSummary };
  checkpoints: { key: [string, number]; value: CheckpointRow; indexes: { byRun: string } };
  features: { key: [string, string]; value: FeatureRow; indexes: { byRun: string; bySource: string } };
}

/** migrations[v - 1] takes the database from version v - 1 to v. Append, never edit a released step. */
const migrations: ((
  db: IDBPDatabase<RunsDb>,
  tx: IDBPTransaction<RunsDb, StoreNames<RunsDb>[], 'versionchange'>,
) => void)[] = [
  (db) => {
    db.createObjectStore('runs', { keyPath: 'id' });
    db.createObjectStore('checkpoints', { keyPath: ['runId', 'epoch'] }).createIndex('byRun', 'runId');
    db.createObjectStore('features', { keyPath: ['runId', 'part'] }).createIndex('byRun', 'runId');
  },
  (_db, tx) => {
    tx.objectStore('features').createIndex('bySource', 'source');
  },
];

async function guard<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isQuotaError(e)) throw new StorageFullError(what, e);
    throw e;
  }
}

export function checkpointBytes(row: Pick<CheckpointRow, 'tensors' | 'extra'>): number {
  return [...row.tensors, ...(row.extra ?? [])].reduce((a, t) => a + t.data.byteLength, 0);
}

/** The best checkpoint is the first with the highest val top-1 (PaddleClas keeps best_model on a strict gain). */
export function markBest(checkpoints: CheckpointMeta[]): CheckpointMeta[] {
  let best: CheckpointMeta | null = null;
  for (const c of [...checkpoints].sort((a, b) => a.epoch - b.epoch))
    if (c.valTop1 !== null && (best === null || c.valTop1 > (best.valTop1 ?? -1))) best = c;
  return checkpoints.map((c) => ({ ...c, best: best !== null && c.epoch === best.epoch }));
}

export class CheckpointStore {
  private constructor(readonly db: IDBPDatabase<RunsDb>) {}

  static async open(name = RUNS_DB): Promise<CheckpointStore> {
    const db = await openDB<RunsDb>(name, RUNS_DB_VERSION, {
      upgrade(d, oldVersion, newVersion, tx) {
        for (let v = oldVersion + 1; v <= (newVersion ?? RUNS_DB_VERSION); v++) migrations[v - 1]!(d, tx);
      },
      // A newer page (or a delete) waits on this connection: let it go rather than block it forever.
      blocking() {
        db.close();
      },
    });
    return new CheckpointStore(db);
  }

  close(): void {
    this.db.close();
  }

  async listRuns(): Promise<RunSummary[]> {
    return (await this.db.getAll('runs')).sort((a, b) => a.createdAt - b.createdAt);
  }

  run(id: string): Promise<RunSummary | undefined> {
    return this.db.get('runs', id);
  }

  async putRun(run: RunSummary): Promise<void> {
    await guard(`run '${run.config.name}'`, async () => {
      await this.db.put('runs', run);
    });
  }

  /** Writes the checkpoint and the run row (with the checkpoint listed, best re-marked) in one transaction. */
  async saveCheckpoint(run: RunSummary, row: CheckpointRow): Promise<RunSummary> {
    const others = run.checkpoints.filter((c) => c.epoch !== row.epoch);
    const checkpoints = markBest([...others, row.meta].sort((a, b) => a.epoch - b.epoch));
    const next: RunSummary = { ...run, checkpoints };
    const meta = checkpoints.find((c) => c.epoch === row.epoch)!;
    await guard(`the checkpoint of epoch ${row.epoch} of run '${run.config.name}'`, async () => {
      const tx = this.db.transaction(['runs', 'checkpoints'], 'readwrite');
      await Promise.all([
        tx.objectStore('checkpoints').put({ ...row, meta }),
        tx.objectStore('runs').put(next),
        tx.done,
      ]);
    });
    return next;
  }

  /** A checkpoint of the run: `epoch`, or the latest when omitted. */
  async checkpoint(runId: string, epoch?: number): Promise<CheckpointRow | undefined> {
    if (epoch !== undefined) return this.db.get('checkpoints', [runId, epoch]);
    const keys = await this.db.getAllKeysFromIndex('checkpoints', 'byRun', runId);
    const last = keys.map((k) => k[1]).sort((a, b) => b - a)[0];
    return last === undefined ? undefined : this.db.get('checkpoints', [runId, last]);
  }

  async deleteCheckpoint(runId: string, epoch: number): Promise<RunSummary | undefined> {
    const tx = this.db.transaction(['runs', 'checkpoints'], 'readwrite');
    const run = await tx.objectStore('runs').get(runId);
    await tx.objectStore('checkpoints').delete([runId, epoch]);
    let next: RunSummary | undefined;
    if (run) {
      next = { ...run, checkpoints: markBest(run.checkpoints.filter((c) => c.epoch !== epoch)) };
      await tx.objectStore('runs').put(next);
    }
    await tx.done;
    return next;
  }

  /** Removes the run, its checkpoints and its feature cache: their bytes are freed. */
  async deleteRun(runId: string): Promise<void> {
    const tx = this.db.transaction(['runs', 'checkpoints', 'features'], 'readwrite');
    const ck = tx.objectStore('checkpoints');
    const ft = tx.objectStore('features');
    for (const k of await ck.index('byRun').getAllKeys(runId)) await ck.delete(k);
    for (const k of await ft.index('byRun').getAllKeys(runId)) await ft.delete(k);
    await tx.objectStore('runs').delete(runId);
    await tx.done;
  }

  features(runId: string, part: FeatureRow['part']): Promise<FeatureRow | undefined> {
    return this.db.get('features', [runId, part]);
  }

  /**
   * Other runs' cached rows computed the same way (`source`), one at a time: rows are megabytes, so the caller
   * stops reading once it has what it needs.
   */
  async *featuresFrom(source: string, exceptRun: string): AsyncGenerator<FeatureRow> {
    const keys = await this.db.getAllKeysFromIndex('features', 'bySource', source);
    for (const key of keys) {
      if (key[0] === exceptRun) continue;
      const row = await this.db.get('features', key);
      if (row) yield row;
    }
  }

  async putFeatures(row: FeatureRow): Promise<void> {
    await guard(`the ${row.part} feature cache of run ${row.runId}`, async () => {
      await this.db.put('features', row);
    });
  }

  /** Bytes the run holds in this database: checkpoint tensors plus cached features. */
  async storedBytes(runId: string): Promise<number> {
    const cks = await this.db.getAllFromIndex('checkpoints', 'byRun', runId);
    const fts = await this.db.getAllFromIndex('features', 'byRun', runId);
    return (
      cks.reduce((a, c) => a + checkpointBytes(c), 0) +
      fts.reduce((a, f) => a + f.features.byteLength + f.labels.byteLength, 0)
    );
  }
}
