// Folder names that mean a split rather than a class (folder-per-class datasets, and unwrapping).

const splitFolders: Record<string, string> = {
  train: 'train',
  training: 'train',
  val: 'val',
  valid: 'val',
  validation: 'val',
  test: 'test',
  testing: 'test',
};

/** Split name for a top folder name, or undefined when it is not a split folder. */
export function splitOfFolder(name: string): string | undefined {
  return splitFolders[name.toLowerCase()];
}
