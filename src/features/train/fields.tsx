// Labelled form controls for the setup panel: the label text is the accessible name (what e2e tests find), and a
// field's error sits outside the label, tied to the control by aria-describedby.
import { type ReactNode, useId } from 'react';

interface Common {
  label: string;
  error?: string;
  hint?: ReactNode;
  disabled?: boolean;
}

function Message({ id, error, hint }: { id: string; error?: string; hint?: ReactNode }) {
  if (error)
    return (
      <span id={id} className="train-field-error" role="alert">
        {error}
      </span>
    );
  return hint ? (
    <span id={id} className="train-hint">
      {hint}
    </span>
  ) : null;
}

export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  disabled,
  inputMode,
  placeholder,
}: Common & {
  value: string;
  onChange(v: string): void;
  inputMode?: 'decimal' | 'numeric';
  placeholder?: string;
}) {
  const id = useId();
  return (
    <div className="train-field">
      <label>
        {label}
        <input
          value={value}
          inputMode={inputMode}
          placeholder={placeholder}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error || hint ? id : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      <Message id={id} error={error} hint={hint} />
    </div>
  );
}

export function NumberField(props: Common & { value: string; onChange(v: string): void }) {
  return <TextField {...props} inputMode="decimal" />;
}

export interface Choice {
  value: string;
  label: string;
  disabled?: boolean;
}

export function SelectField({
  label,
  value,
  onChange,
  choices,
  groups,
  error,
  hint,
  disabled,
}: Common & {
  value: string;
  onChange(v: string): void;
  choices?: Choice[];
  groups?: { label: string; choices: Choice[] }[];
}) {
  const id = useId();
  const option = (c: Choice) => (
    <option key={c.value} value={c.value} disabled={c.disabled}>
      {c.label}
    </option>
  );
  return (
    <div className="train-field">
      <label>
        {label}
        <select
          value={value}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error || hint ? id : undefined}
          onChange={(e) => onChange(e.target.value)}
        >
          {choices?.map(option)}
          {groups
            ?.filter((g) => g.choices.length > 0)
            .map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.choices.map(option)}
              </optgroup>
            ))}
        </select>
      </label>
      <Message id={id} error={error} hint={hint} />
    </div>
  );
}

export function CheckField({
  label,
  checked,
  onChange,
  disabled,
}: {
  label: string;
  checked: boolean;
  onChange(v: boolean): void;
  disabled?: boolean;
}) {
  return (
    <div className="train-field train-check">
      <label>
        <input
          type="checkbox"
          checked={checked}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
      </label>
    </div>
  );
}
