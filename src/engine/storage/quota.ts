// Storage quota helpers: recognise a full disk, read the origin's usage, and ask for persistent storage once.

/** IndexedDB reports a full quota as a DOMException named QuotaExceededError (sometimes wrapped by an abort). */
export function isQuotaError(e: unknown): boolean {
  const err = e as { name?: string; cause?: unknown } | null;
  if (!err) return false;
  if (err.name === 'QuotaExceededError') return true;
  return err.cause !== undefined && isQuotaError(err.cause);
}

export class StorageFullError extends Error {
  override name = 'StorageFullError';
  constructor(what: string, cause: unknown) {
    super(`Storage is full while writing ${what}: free space (delete a dataset or model), then resume`);
    this.cause = cause;
  }
}

export interface QuotaEstimate {
  /** Bytes this origin uses (all stores), or null when the browser does not say. */
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

export async function quotaEstimate(): Promise<QuotaEstimate> {
  const storage = globalThis.navigator?.storage;
  const est = storage?.estimate ? await storage.estimate() : undefined;
  const persisted = storage?.persisted ? await storage.persisted() : null;
  return { usage: est?.usage ?? null, quota: est?.quota ?? null, persisted };
}

/** Asks once for persistent storage so the browser does not evict datasets under pressure. */
export async function requestPersistence(): Promise<boolean | null> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.persist) return null;
  if (await storage.persisted()) return true;
  return storage.persist();
}
