// Global-norm gradient clipping as Paddle's ClipGradByGlobalNorm: g ← g·c/max(‖g‖, c) over all gradients together.
// (PyTorch's clip_grad_norm_ uses c/(‖g‖ + 1e-6) instead: the same up to ~1e-6 relative.)

/** Scales `grads` in place when their joint L2 norm exceeds `maxNorm`; returns the norm before clipping. */
export function clipGradGlobalNorm(grads: readonly Float64Array[], maxNorm: number): number {
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) {
    throw new Error(`clipGradGlobalNorm: max norm must be a positive number, got ${maxNorm}`);
  }
  let sq = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
  const norm = Math.sqrt(sq);
  if (norm > maxNorm) {
    const scale = maxNorm / norm;
    for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= scale;
  }
  return norm;
}
