// The open dataset's classes: counts per class, a click filters the grid, and each class can be renamed.
import { useState } from 'react';
import type { ClassRow } from '../../engine/storage/schema.ts';

export function ClassPanel({
  classes,
  counts,
  unlabeled,
  selected,
  onSelect,
  onRename,
}: {
  classes: ClassRow[];
  counts: number[];
  unlabeled: number;
  selected: number | 'unlabeled' | null;
  onSelect: (label: number | 'unlabeled' | null) => void;
  onRename: (index: number, name: string) => Promise<void>;
}) {
  const [editing, setEditing] = useState<number | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);

  const save = async (index: number) => {
    try {
      await onRename(index, draft);
      setEditing(null);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="ds-classes">
      <h3>
        Classes <span className="muted">({classes.length})</span>
      </h3>
      <ul data-testid="class-list">
        <li>
          <button
            type="button"
            className={selected === null ? 'ds-class ds-sel' : 'ds-class'}
            onClick={() => onSelect(null)}
          >
            All classes
          </button>
        </li>
        {classes.map((c) => (
          <li key={c.index} data-testid="class-row" data-name={c.name} data-count={counts[c.index] ?? 0}>
            {editing === c.index ? (
              <form
                className="ds-rename"
                onSubmit={(e) => {
                  e.preventDefault();
                  void save(c.index);
                }}
              >
                <input
                  aria-label={`New name for ${c.name}`}
                  value={draft}
                  onChange={(e) => setDraft(e.target.value)}
                />
                <button type="submit" className="button">
                  Save
                </button>
                <button type="button" className="button" onClick={() => setEditing(null)}>
                  Cancel
                </button>
              </form>
            ) : (
              <>
                <button
                  type="button"
                  className={selected === c.index ? 'ds-class ds-sel' : 'ds-class'}
                  onClick={() => onSelect(c.index)}
                >
                  {c.name} <span className="muted">{counts[c.index] ?? 0}</span>
                </button>
                <button
                  type="button"
                  className="ds-link"
                  aria-label={`Rename ${c.name}`}
                  onClick={() => {
                    setEditing(c.index);
                    setDraft(c.name);
                  }}
                >
                  rename
                </button>
              </>
            )}
          </li>
        ))}
        {unlabeled > 0 && (
          <li>
            <button
              type="button"
              className={selected === 'unlabeled' ? 'ds-class ds-sel' : 'ds-class'}
              onClick={() => onSelect('unlabeled')}
            >
              unlabeled <span className="muted">{unlabeled}</span>
            </button>
          </li>
        )}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
