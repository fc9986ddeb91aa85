// An object URL for a Blob loaded on demand, revoked when the component unmounts or the key changes, so a
// scrolled-past thumbnail frees its memory.
import { useEffect, useRef, useState } from 'react';

/** `key` names the blob (e.g. dataset + hash): a new key loads again; `load` is read from the latest render. */
export function useBlobUrl(key: string, load: () => Promise<Blob | undefined>): string | null {
  const [url, setUrl] = useState<string | null>(null);
  const loader = useRef(load);
  loader.current = load;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the trigger: a different blob loads anew.
  useEffect(() => {
    let live = true;
    let made: string | null = null;
    loader.current().then(
      (blob) => {
        if (!live || !blob) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      },
      () => undefined,
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
      setUrl(null);
    };
  }, [key]);
  return url;
}
