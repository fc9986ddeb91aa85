// An object URL for one dataset image's thumbnail (dataset library in IndexedDB), revoked on unmount, so a
// gallery of misclassified images holds only what is on screen.
import { useEffect, useState } from 'react';
import { DatasetLibrary } from '../../../engine/storage/library.ts';

let library: Promise<DatasetLibrary> | undefined;
const datasetLibrary = () => {
  library ??= DatasetLibrary.open();
  return library;
};

/** The thumbnail of image row `imageId` (`${datasetId}:${path}`), found through the row's content hash. */
async function loadThumb(datasetId: string, imageId: string): Promise<Blob | undefined> {
  const lib = await datasetLibrary();
  const row = await lib.db.get('images', imageId);
  return row ? lib.thumb(datasetId, row.hash) : undefined;
}

/** 'missing' when the image is no longer in the library (deleted since the evaluation). */
export function useThumbUrl(datasetId: string, imageId: string): string | null | 'missing' {
  const [url, setUrl] = useState<string | null | 'missing'>(null);
  useEffect(() => {
    let live = true;
    let made: string | null = null;
    loadThumb(datasetId, imageId).then(
      (blob) => {
        if (!live) return;
        if (!blob) return setUrl('missing');
        made = URL.createObjectURL(blob);
        setUrl(made);
      },
      () => live && setUrl('missing'),
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
      setUrl(null);
    };
  }, [datasetId, imageId]);
  return url;
}
