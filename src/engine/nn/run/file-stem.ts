// A file name stem from a run name: one rule for the ONNX download, its card, the PaddleClas zip and the entry the
// export adds to "My models", so the same model has the same name everywhere.

/** Letters, digits, '-', '_' and '.', nothing else (runs of anything else become one '-'). */
export function fileStem(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'webclas-run';
}

/** The exported ONNX of a run's checkpoint: `<run name stem>-epoch<N>.onnx`. */
export function exportFileName(runName: string, epoch: number): string {
  return `${fileStem(runName)}-epoch${epoch}.onnx`;
}
