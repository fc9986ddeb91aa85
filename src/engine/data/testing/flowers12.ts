// Test-only: ../shared/data/flowers12's class names in label order (its folders sorted; its PaddleClas label list).
export const FLOWERS12_CLASSES = [
  'bluebell',
  'buttercup',
  'colts-foot',
  'daisy',
  'dandelion',
  'fritillary',
  'iris',
  'lily-valley',
  'pansy',
  'sunflower',
  'tigerlily',
  'windflower',
] as const;
