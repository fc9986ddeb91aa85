// Parameter groups shared by the reference optimizers: per-group lr multiplier (PaddleClas lr_mult_list) and
// weight-decay override (e.g. no decay on BatchNorm and bias), plus gradient-list validation.

export interface ParamGroup {
  /** The parameters, updated in place. */
  params: Float64Array[];
  /** This group's lr = scheduled lr × lrMult (PaddleClas lr_mult_list entry). Default 1. */
  lrMult?: number;
  /** Overrides the optimizer-wide weight decay for this group. */
  weightDecay?: number;
}

/** Throws unless `grads` mirrors `groups` (same group count, param count and lengths). */
export function checkGrads(
  op: string,
  groups: readonly ParamGroup[],
  grads: readonly (readonly Float64Array[])[],
): void {
  if (grads.length !== groups.length)
    throw new Error(`${op}: ${grads.length} gradient groups for ${groups.length} parameter groups`);
  groups.forEach((g, gi) => {
    if (grads[gi].length !== g.params.length) {
      throw new Error(
        `${op}: group ${gi} has ${g.params.length} parameters but ${grads[gi].length} gradients`,
      );
    }
    g.params.forEach((p, pi) => {
      if (grads[gi][pi].length !== p.length) {
        throw new Error(
          `${op}: group ${gi} parameter ${pi} has ${p.length} values but its gradient ${grads[gi][pi].length}`,
        );
      }
    });
  });
}

export function checkLr(op: string, lr: number): void {
  if (!(lr >= 0) || !Number.isFinite(lr))
    throw new Error(`${op}: learning rate must be a finite number ≥ 0, got ${lr}`);
}

/** One zeroed buffer per parameter, mirroring the groups. */
export function zerosLike(groups: readonly ParamGroup[]): Float64Array[][] {
  return groups.map((g) => g.params.map((p) => new Float64Array(p.length)));
}

/** Deep copy of per-parameter buffers (for state snapshots). */
export function copyBuffers(b: readonly (readonly Float64Array[])[]): Float64Array[][] {
  return b.map((g) => g.map((a) => Float64Array.from(a)));
}

/** Throws unless a loaded buffer set has the same structure as the groups. */
export function checkBuffers(
  op: string,
  name: string,
  groups: readonly ParamGroup[],
  b: readonly (readonly Float64Array[])[],
): void {
  const ok =
    b.length === groups.length &&
    groups.every(
      (g, gi) => b[gi].length === g.params.length && g.params.every((p, pi) => b[gi][pi].length === p.length),
    );
  if (!ok) throw new Error(`${op}: saved ${name} does not match the parameter groups`);
}
