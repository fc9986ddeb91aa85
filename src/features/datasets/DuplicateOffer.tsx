// Shown instead of importing when a drop's images are already a dataset (same bytes by SHA-256): open that one,
// import a copy under a free name, or drop the offer. The first choice takes the focus, so Enter answers it.
import { useEffect, useRef } from 'react';
import { useDatasets } from './datasets-store.ts';
import { useImport } from './use-import.ts';

export function DuplicateOffer() {
  const offer = useDatasets((s) => s.duplicate);
  const setDuplicate = useDatasets((s) => s.setDuplicate);
  const open = useDatasets((s) => s.open);
  const { start } = useImport();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (offer) first.current?.focus();
  }, [offer]);
  if (!offer) return null;
  return (
    <section className="ds-duplicate" aria-label="Already in your library" data-testid="duplicate-offer">
      <p role="status">
        These files are already in your library as <strong>{offer.name}</strong>: the same {offer.images}{' '}
        images, byte for byte.
      </p>
      <button
        type="button"
        className="button"
        ref={first}
        onClick={() => {
          setDuplicate(null);
          open(offer.id);
        }}
      >
        Open the existing one
      </button>{' '}
      <button type="button" className="button" onClick={() => void start(offer.sources, offer.copyName)}>
        Import as a copy ({offer.copyName})
      </button>{' '}
      <button type="button" className="button" onClick={() => setDuplicate(null)}>
        Cancel
      </button>
    </section>
  );
}
