// Facts about the JS environment that decide what the studio can do: isolation (WASM threads), cores,
// user agent and the storage quota. Works in windows and workers; each missing API is reported, not guessed.

export interface StorageFacts {
  /** navigator.storage.estimate() exists here. */
  supported: boolean;
  quotaBytes: number | null;
  usageBytes: number | null;
  /** navigator.storage.persisted(); null when the API is missing. */
  persisted: boolean | null;
  /** The error an API raised, verbatim. */
  error?: string;
}

export interface EnvironmentFacts {
  /** Where the facts were gathered ('worker' or 'window'): isolation is per agent cluster, so it matters. */
  scope: 'worker' | 'window';
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  hardwareConcurrency: number | null;
  userAgent: string;
  storage: StorageFacts;
}

type NavigatorLike = {
  storage?: Pick<StorageManager, 'estimate'> & Partial<Pick<StorageManager, 'persisted'>>;
  hardwareConcurrency?: number;
  userAgent?: string;
};

export async function gatherStorage(nav: NavigatorLike | undefined): Promise<StorageFacts> {
  const storage = nav?.storage;
  if (!storage || typeof storage.estimate !== 'function') {
    return { supported: false, quotaBytes: null, usageBytes: null, persisted: null };
  }
  try {
    const est = await storage.estimate();
    const persisted = typeof storage.persisted === 'function' ? await storage.persisted() : null;
    return {
      supported: true,
      quotaBytes: est.quota ?? null,
      usageBytes: est.usage ?? null,
      persisted,
    };
  } catch (e) {
    return {
      supported: true,
      quotaBytes: null,
      usageBytes: null,
      persisted: null,
      error: e instanceof Error ? e.message : String(e),
    };
  }
}

export async function gatherEnvironment(g: typeof globalThis = globalThis): Promise<EnvironmentFacts> {
  const nav = (g as { navigator?: NavigatorLike }).navigator;
  const isWorker = typeof (g as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
  return {
    scope: isWorker ? 'worker' : 'window',
    crossOriginIsolated: (g as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    sharedArrayBuffer: typeof (g as { SharedArrayBuffer?: unknown }).SharedArrayBuffer === 'function',
    hardwareConcurrency: typeof nav?.hardwareConcurrency === 'number' ? nav.hardwareConcurrency : null,
    userAgent: nav?.userAgent ?? '',
    storage: await gatherStorage(nav),
  };
}
