// The linear-dispatch convention: a kernel that covers a 1-D range of workgroups may be given a 2-D grid when the
// count exceeds maxComputeWorkgroupsPerDimension; it recovers its linear workgroup index with LINEAR_WORKGROUP_WGSL.

/** WGSL helper: the linear workgroup index for a (possibly split) 1-D dispatch. Bounds-check against your count. */
export const LINEAR_WORKGROUP_WGSL = /* wgsl */ `
fn linear_workgroup(wid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return wid.x + wid.y * nwg.x;
}`;

/**
 * Splits `total` workgroups into [x, y, 1] with x ≤ maxPerDim, using the fewest rows; the last row may hold
 * workgroups past `total`, which the kernel skips through its own bounds check.
 */
export function splitLinear(total: number, maxPerDim: number, what: string): [number, number, number] {
  if (!Number.isInteger(total) || total < 0) throw new Error(`${what}: bad workgroup count ${total}`);
  if (total <= maxPerDim) return [total, 1, 1];
  const y = Math.ceil(total / maxPerDim);
  if (y > maxPerDim) {
    throw new Error(
      `${what}: ${total} workgroups exceed ${maxPerDim}² (maxComputeWorkgroupsPerDimension squared)`,
    );
  }
  return [Math.ceil(total / y), y, 1];
}
