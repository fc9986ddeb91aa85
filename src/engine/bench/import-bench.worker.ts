// Module worker of `webclas bench import`: times plain decoding and our import where the app imports (a worker,
// whose canvas encoder and decoder scheduling differ from a page's main thread). One request per worker.
import { type ImportBenchRequest, runImportBench } from './import-bench-run.ts';

export type ImportBenchMessage =
  | { kind: 'progress'; message: string }
  | { kind: 'done'; times: Awaited<ReturnType<typeof runImportBench>> }
  | { kind: 'error'; message: string };

const post = (m: ImportBenchMessage) => (self as unknown as Worker).postMessage(m);

self.onmessage = async (e: MessageEvent<ImportBenchRequest>) => {
  try {
    const times = await runImportBench(e.data, (message) => post({ kind: 'progress', message }));
    post({ kind: 'done', times });
  } catch (err) {
    post({ kind: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
};
