// "My models": the user's own .onnx files. Bytes live in the ModelStore (key `local/<id>`), this index keeps their
// names and labels; IndexedDB in the browser, a Map in Node and tests.
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

export interface LocalModelInfo {
  /** First 16 hex digits of the file's sha256: the same file added twice is one model. */
  id: string;
  name: string;
  bytes: number;
  sha256: string;
  /** Labels file text the user gave, or null (then metadata_props or index numbers). */
  labelsText: string | null;
  labelsFile: string | null;
  addedAt: number;
}

export const localModelKey = (id: string) => `local/${id}`;

export interface LocalModelIndex {
  put(info: LocalModelInfo): Promise<void>;
  get(id: string): Promise<LocalModelInfo | undefined>;
  list(): Promise<LocalModelInfo[]>;
  delete(id: string): Promise<void>;
}

export class MemoryLocalModelIndex implements LocalModelIndex {
  private readonly rows = new Map<string, LocalModelInfo>();
  async put(info: LocalModelInfo) {
    this.rows.set(info.id, { ...info });
  }
  async get(id: string) {
    const r = this.rows.get(id);
    return r && { ...r };
  }
  async list() {
    return [...this.rows.values()].sort((a, b) => a.addedAt - b.addedAt);
  }
  async delete(id: string) {
    this.rows.delete(id);
  }
}

interface IndexDb extends DBSchema {
  models: { key: string; value: LocalModelInfo };
}

export class IdbLocalModelIndex implements LocalModelIndex {
  private constructor(private readonly db: IDBPDatabase<IndexDb>) {}
  static async open(name = 'webclas-local-models'): Promise<IdbLocalModelIndex> {
    const db = await openDB<IndexDb>(name, 1, {
      upgrade(d) {
        d.createObjectStore('models', { keyPath: 'id' });
      },
    });
    return new IdbLocalModelIndex(db);
  }
  async put(info: LocalModelInfo) {
    await this.db.put('models', info);
  }
  get(id: string) {
    return this.db.get('models', id);
  }
  async list() {
    return (await this.db.getAll('models')).sort((a, b) => a.addedAt - b.addedAt);
  }
  async delete(id: string) {
    await this.db.delete('models', id);
  }
}
