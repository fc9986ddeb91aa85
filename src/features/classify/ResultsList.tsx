// The results, virtualized: only the cards in view are in the DOM, so thousands of images stay smooth.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useClassifyRun } from './classify-store.ts';
import { ResultCard } from './ResultCard.tsx';

export function ResultsList() {
  const results = useClassifyRun((s) => s.results);
  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: results.length,
    getScrollElement: () => parent.current,
    estimateSize: () => 170,
    overscan: 6,
  });
  if (results.length === 0) return null;
  return (
    <div ref={parent} className="results" data-testid="results">
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((v) => (
          <div
            key={results[v.index].id}
            ref={virtual.measureElement}
            data-index={v.index}
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              width: '100%',
              transform: `translateY(${v.start}px)`,
            }}
          >
            <ResultCard item={results[v.index].item} image={results[v.index].image} />
          </div>
        ))}
      </div>
    </div>
  );
}
