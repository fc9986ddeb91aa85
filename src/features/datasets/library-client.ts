// The UI thread's connection to the dataset library (IndexedDB): listing and small edits happen here, the
// import worker does the heavy writes on its own connection.
import { DatasetLibrary } from '../../engine/storage/library.ts';

let library: Promise<DatasetLibrary> | undefined;

export function datasetLibrary(): Promise<DatasetLibrary> {
  library ??= DatasetLibrary.open();
  return library;
}
