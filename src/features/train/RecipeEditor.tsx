// The recipe part of the setup form: every field a preset fills, editable, each with its own message.
import type { FineTuneMode } from '../../engine/nn/plan/schedule-types.ts';
import { CheckField, NumberField, SelectField, TextField } from './fields.tsx';
import type { FormErrors, OptimizerChoice, TrainForm } from './train-form.ts';
import { setInputSize } from './train-form.ts';

interface Props {
  form: TrainForm;
  errors: FormErrors;
  disabled: boolean;
  update(f: (form: TrainForm) => TrainForm): void;
}

export function RecipeEditor({ form, errors, disabled, update }: Props) {
  const field = (name: keyof TrainForm) => ({
    value: String(form[name]),
    error: errors[name],
    disabled,
    onChange: (v: string) => update((f) => ({ ...f, [name]: v })),
  });
  const head = form.mode === 'head';
  return (
    <fieldset className="train-recipe">
      <legend>Recipe</legend>
      <SelectField
        label="Mode"
        {...field('mode')}
        onChange={(v) => update((f) => ({ ...f, mode: v as FineTuneMode }))}
        choices={[
          { value: 'head', label: 'Head only (frozen backbone)' },
          { value: 'last-k', label: 'Last k layers' },
          { value: 'full', label: 'Full network' },
        ]}
      />
      {form.mode === 'last-k' && <NumberField label="Last k layers" {...field('k')} />}
      <NumberField label="Epochs" {...field('epochs')} />
      <NumberField label="Batch" {...field('batch')} />
      <NumberField
        label="Input size"
        {...field('size')}
        onChange={(v) => update((f) => setInputSize(f, v))}
        hint="Square; the train crop follows it."
      />
      <NumberField label="Learning rate" {...field('lr')} />
      <SelectField
        label="Schedule"
        {...field('schedule')}
        onChange={(v) => update((f) => ({ ...f, schedule: v as TrainForm['schedule'] }))}
        choices={[
          { value: 'cosine', label: 'Cosine' },
          { value: 'step', label: 'Step (×0.1 every third)' },
          { value: 'const', label: 'Constant' },
        ]}
      />
      <NumberField label="Warm-up epochs" {...field('warmupEpochs')} />
      <SelectField
        label="Optimizer"
        {...field('optimizer')}
        onChange={(v) => update((f) => ({ ...f, optimizer: v as OptimizerChoice }))}
        choices={[
          { value: 'sgd', label: 'SGD with momentum' },
          { value: 'nesterov', label: 'SGD with Nesterov momentum' },
          { value: 'adamw', label: 'AdamW' },
        ]}
      />
      {form.optimizer !== 'adamw' && <NumberField label="Momentum" {...field('momentum')} />}
      <NumberField label="Weight decay" {...field('weightDecay')} />
      <NumberField label="Label smoothing" {...field('labelSmoothing')} />
      <NumberField
        label="Backbone lr multiplier"
        {...field('backboneLrMult')}
        hint={head ? 'Not used in head mode.' : undefined}
      />
      <NumberField label="EMA decay" {...field('ema')} hint="Empty or 0: no EMA (e.g. 0.9999)." />
      <NumberField label="Seed" {...field('seed')} />
      <CheckField
        label="From scratch (re-initialise every weight)"
        checked={form.fromScratch}
        disabled={disabled}
        onChange={(v) => update((f) => ({ ...f, fromScratch: v }))}
      />
      <div className="train-field train-augment">
        <label>
          Augmentation (PaddleClas transform_ops, JSON)
          <textarea
            rows={8}
            spellCheck={false}
            value={form.transformOps}
            disabled={disabled}
            placeholder="[] — empty: no augmentation"
            aria-invalid={errors.transformOps ? true : undefined}
            onChange={(e) => update((f) => ({ ...f, transformOps: e.target.value }))}
          />
        </label>
        {errors.transformOps ? (
          <span className="train-field-error" role="alert">
            {errors.transformOps}
          </span>
        ) : (
          head && (
            <span className="train-hint">
              Head mode trains on features computed once, so augmentation does not apply.
            </span>
          )
        )}
      </div>
      <TextField
        label="Run name"
        {...field('name')}
        placeholder="empty: model · mode · size · dataset · date"
      />
    </fieldset>
  );
}
