// A labelled list of facts (term → value), each value addressable by a test id.
import type { ReactNode } from 'react';

export interface Fact {
  term: string;
  /** What to show for the term when plain text would wrap badly (defaults to term). */
  label?: ReactNode;
  value: ReactNode;
  testId?: string;
}

/** wideTerms: long terms and short values (limits), so the term column takes the room. */
export function Facts({ facts, wideTerms = false }: { facts: Fact[]; wideTerms?: boolean }) {
  return (
    <dl className={wideTerms ? 'facts wide-terms' : 'facts'}>
      {facts.map((f) => (
        <div className="fact" key={f.term}>
          <dt>{f.label ?? f.term}</dt>
          <dd data-testid={f.testId}>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Long camelCase names (WebGPU limits) may break only between words. */
export function CamelBreaks({ name }: { name: string }) {
  const words = name.split(/(?=[A-Z])/);
  return (
    <>
      {words.map((w, i) => (
        // The words of one name never reorder, so their index is a stable key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <span key={i}>
          {i > 0 && <wbr />}
          {w}
        </span>
      ))}
    </>
  );
}

export function Card({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const id = `card-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className="card" aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function Flag({ on, testId }: { on: boolean | null; testId?: string }) {
  const text = on === null ? 'unknown' : on ? 'yes' : 'no';
  return (
    <span className={`flag flag-${text}`} data-testid={testId}>
      {text}
    </span>
  );
}
