// The studio's screens and their hash routes (#/classify … #/system): a reload keeps the screen.

export const screens = [
  { id: 'classify', label: 'Classify' },
  { id: 'datasets', label: 'Datasets' },
  { id: 'augment', label: 'Augment' },
  { id: 'train', label: 'Train' },
  { id: 'models', label: 'Models' },
  { id: 'compare', label: 'Compare' },
  { id: 'system', label: 'System' },
] as const;

export type ScreenId = (typeof screens)[number]['id'];

export const defaultScreen: ScreenId = 'classify';

const ids = new Set<string>(screens.map((s) => s.id));

/** '#/train', '#train', '#/train/' and '#/TRAIN' all mean Train; anything unknown goes to the default screen. */
export function screenFromHash(hash: string): ScreenId {
  const id = hash.replace(/^#\/?/, '').replace(/\/.*$/, '').toLowerCase();
  return ids.has(id) ? (id as ScreenId) : defaultScreen;
}

export function hashFor(screen: ScreenId): string {
  return `#/${screen}`;
}
