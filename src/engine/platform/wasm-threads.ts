// How many threads ORT's WASM backend gets: every core the System screen reports (navigator.hardwareConcurrency)
// when the page is cross-origin isolated, else 1 (no SharedArrayBuffer, no threads). ORT's own default is half the
// cores, which on a 2-core machine is 1 thread even when threads are available.

/** The thread count for `ort.env.wasm.numThreads`, from the scope ORT runs in. */
export function wasmThreads(scope: {
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
}): number {
  if (scope.crossOriginIsolated !== true) return 1;
  const cores = scope.navigator?.hardwareConcurrency;
  // 16: past that ORT's WASM kernels stop scaling and each thread is another worker with its own memory.
  return typeof cores === 'number' && cores >= 1 ? Math.min(Math.floor(cores), 16) : 1;
}

/** Sets the thread count on an ORT module before its first session (later changes are ignored by ORT). */
export function withWasmThreads<T extends { env: { wasm: { numThreads?: number } } }>(
  ort: T,
  scope: Parameters<typeof wasmThreads>[0],
): T {
  ort.env.wasm.numThreads = wasmThreads(scope);
  return ort;
}
