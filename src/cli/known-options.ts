// The options each webclas command reads, so a mistyped one is an error instead of being silently ignored
// (`--weight-decay 1e-5` used to train with the default weight decay), and the error names the closest valid one.
// Keep these lists in step with the usage text in main.ts when a command gains an option.

const global = ['help', 'verbose', 'runtime'];

/** Every bench reads its own subset; one list for all, since `webclas bench` runs several in one call. */
const bench = [
  'out',
  'sizes',
  'min-ms',
  'no-tfjs',
  'no-cpu',
  'batch',
  'size',
  'models',
  'backends',
  'runs',
  'warmup',
  'images',
  'reps',
  'decode-lanes',
  'steps',
  'modes',
  'classes',
  'model',
  'lr',
];

export const commandOptions: Record<string, readonly string[]> = {
  'gpu-info': global,
  'import-check': global,
  bench: [...global, ...bench],
  classify: [...global, 'model', 'variant', 'labels', 'backend', 'top', 'allow-unverified'],
  train: [
    ...global,
    ...['data', 'model', 'out', 'mode', 'k', 'epochs', 'batch', 'lr', 'size', 'val-split', 'seed'],
    ...['split-seed', 'schedule', 'warmup-epochs', 'optimizer', 'momentum', 'wd', 'label-smoothing'],
    ...['backbone-lr-mult', 'augment', 'transform-ops', 'from-scratch', 'ema', 'features'],
  ],
  eval: [...global, 'model', 'data', 'size', 'split', 'val-split', 'split-seed', 'seed', 'batch', 'backend'],
};

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * The valid option `name` most likely meant: one whose letters are the initials of `name`'s words (`weight-decay`
 * → `wd`), else the one fewest edits away. Edit distance alone would pick `--lr` or `--seed` for `--weight-decay`.
 */
export function closestOption(name: string, valid: readonly string[]): string {
  const initials = name
    .split('-')
    .map((w) => w[0] ?? '')
    .join('');
  if (initials.length > 1 && valid.includes(initials)) return initials;
  return [...valid].sort((x, y) => editDistance(name, x) - editDistance(name, y))[0];
}

/** Throws on the first option `command` does not read, naming the closest one it does. */
export function checkOptions(command: string, options: Record<string, unknown>): void {
  const valid = commandOptions[command];
  if (!valid) return; // an unknown command has its own error
  for (const name of Object.keys(options)) {
    if (valid.includes(name)) continue;
    throw new Error(
      `unknown option --${name} for '${command}' (did you mean --${closestOption(name, valid)}? run webclas --help)`,
    );
  }
}
