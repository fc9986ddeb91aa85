// Caps on what dataset metadata may claim, checked before anything is allocated from it. A few bytes of a label
// list or .mat file must never size an array: every number that would is compared with these first.
// Documented in README.md ("Limits"); tests feed values past each one.

/**
 * Classes in one dataset (a label list's IDs, list labels without a label list, CSV classes, .mat labels,
 * class folders). ImageNet-21k has 21,841; a number past this is a typo or an attack, not a dataset.
 */
export const MAX_CLASSES = 100_000;

/** Lines in one list, label list or CSV file (ImageNet-1k's train list has 1.28 M). */
export const MAX_LIST_LINES = 2_000_000;

/** Bytes of one list, label list or CSV file (ImageNet-1k's train list is ~45 MB). */
export const MAX_TEXT_BYTES = 128 * 1024 * 1024;

/** Bytes of one .mat file, and bytes its compressed variables may inflate to (flowers102's are ~70 KB). */
export const MAX_MAT_BYTES = 16 * 1024 * 1024;

/** Dimensions of one MAT array (mat-for-js recurses once per dimension). */
export const MAX_MAT_DIMS = 32;

/** `100,000`: caps in messages, written the way the README writes them. */
export const formatCount = (n: number): string => n.toLocaleString('en-US');
