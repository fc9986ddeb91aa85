// Benchmark results in their own small IndexedDB database (webclas-bench), so they survive a reload and results
// imported from other devices sit beside this device's.
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { BenchResult } from './types.ts';

interface BenchDb extends DBSchema {
  results: { key: string; value: BenchResult; indexes: { at: number } };
}

export const BENCH_DB = 'webclas-bench';

export class BenchResultsStore {
  private constructor(private readonly db: IDBPDatabase<BenchDb>) {}

  static async open(name = BENCH_DB): Promise<BenchResultsStore> {
    const db = await openDB<BenchDb>(name, 1, {
      upgrade(d) {
        d.createObjectStore('results', { keyPath: 'id' }).createIndex('at', 'at');
      },
    });
    return new BenchResultsStore(db);
  }

  async put(results: readonly BenchResult[]): Promise<void> {
    const tx = this.db.transaction('results', 'readwrite');
    await Promise.all([...results.map((r) => tx.store.put(r)), tx.done]);
  }

  /** Oldest first. */
  async list(): Promise<BenchResult[]> {
    return this.db.getAllFromIndex('results', 'at');
  }

  async clear(): Promise<void> {
    await this.db.clear('results');
  }

  close(): void {
    this.db.close();
  }
}
