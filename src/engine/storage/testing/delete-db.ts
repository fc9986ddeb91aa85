// Test-only: delete an IndexedDB database by name (browser test setups and teardowns start from nothing).
export const deleteDb = (name: string): Promise<unknown> =>
  new Promise((ok, fail) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = ok;
    r.onerror = fail;
  });
