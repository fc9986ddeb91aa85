// One batch size's timing protocol, shared by the ORT and engine measurers: a first (compile) run, warm-up runs,
// then N timed runs, each awaited until its output is back, checking for cancellation between runs.
import type { BatchMeasurement } from './measure.ts';
import { latencyStats } from './stats.ts';

export interface TimingRequest {
  warmup: number;
  runs: number;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('benchmark cancelled', 'AbortError');
}

/** Times `once` (which must resolve only when its results are on the CPU) at one batch size. */
export async function timeRuns(
  once: () => Promise<void>,
  batch: number,
  r: TimingRequest,
  progressLabel: string,
): Promise<BatchMeasurement> {
  r.onProgress?.(`${progressLabel}: first run`);
  const f0 = performance.now();
  await once();
  const firstRunMs = performance.now() - f0;
  for (let i = 0; i < r.warmup; i++) {
    checkAbort(r.signal);
    await once();
  }
  const samplesMs: number[] = [];
  for (let i = 0; i < r.runs; i++) {
    checkAbort(r.signal);
    r.onProgress?.(`${progressLabel}: run ${i + 1}/${r.runs}`);
    const t = performance.now();
    await once();
    samplesMs.push(performance.now() - t);
  }
  latencyStats(samplesMs); // validates
  return { batch, firstRunMs, samplesMs };
}
