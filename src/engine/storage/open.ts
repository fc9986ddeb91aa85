// Opens the dataset library database at a given version, running migrations; shared by the app, the import
// worker and tests (which open an old version on purpose to test upgrades).
import { type IDBPDatabase, openDB } from 'idb';
import { DATASETS_DB, type DatasetsDb, DB_VERSION, migrate } from './schema.ts';

export async function openDatasetsDb(
  name = DATASETS_DB,
  version = DB_VERSION,
): Promise<IDBPDatabase<DatasetsDb>> {
  if (typeof indexedDB === 'undefined') throw new Error(`${name}: IndexedDB is not available here`);
  let failure: unknown;
  const db = await openDB<DatasetsDb>(name, version, {
    upgrade(d, oldVersion, newVersion, tx) {
      // idb does not wait for an async upgrade: abort the version change ourselves if a step throws.
      migrate(d, tx, oldVersion, newVersion ?? version).catch((e) => {
        failure = e;
        tx.abort();
      });
    },
    blocked() {
      // Another tab holds an older version open; it closes on versionchange (below), so this resolves.
    },
  }).catch((e) => {
    throw failure ? new Error(`${name}: migration to v${version} failed: ${String(failure)}`) : e;
  });
  // Let a newer version (another tab, after a deploy) upgrade instead of blocking forever.
  db.addEventListener('versionchange', () => db.close());
  return db;
}
