import type { FieldError } from '#shared/domain/input-error.ts';
import { fieldMessage, type Translate } from '#shared/i18n/i18n.ts';

export type Values = Record<string, string | undefined>;

export function errorFor(errors: FieldError[] | undefined, name: string): string | undefined {
  return errors?.find((e) => e.path === name)?.message;
}

/** A labelled input with its error next to it (and wired for screen readers). */
export function Field(props: {
  t: Translate;
  name: string;
  label: string;
  values?: Values;
  errors?: FieldError[];
  type?: 'text' | 'email' | 'date' | 'number' | 'tel';
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'numeric' | 'email' | 'tel';
  /** A multi-line text (descriptions, answers, notes). */
  multiline?: boolean;
}) {
  const id = fieldId(props.name);
  const error = errorFor(props.errors, props.name);
  return (
    <div>
      <label for={id}>{props.label}</label>
      {props.multiline ? (
        <textarea
          id={id}
          name={props.name}
          rows={4}
          required={props.required}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        >
          {props.values?.[props.name] ?? ''}
        </textarea>
      ) : (
        <input
          id={id}
          name={props.name}
          // preact types each input type separately; the union here is always a valid one
          type={(props.type ?? 'text') as 'text'}
          value={props.values?.[props.name] ?? ''}
          required={props.required}
          autocomplete={props.autocomplete}
          inputmode={props.inputmode}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      )}
      <ErrorText t={props.t} id={id} error={error} />
    </div>
  );
}

export function Select(props: {
  t: Translate;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  values?: Values;
  errors?: FieldError[];
  /** What choosing nothing means here (a category left unrouted), instead of "please choose". */
  none?: string;
}) {
  const id = fieldId(props.name);
  const error = errorFor(props.errors, props.name);
  const current = props.values?.[props.name] ?? '';
  return (
    <div>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="">{props.none ?? props.t('form.select')}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorText t={props.t} id={id} error={error} />
    </div>
  );
}

/**
 * A radio group's error, inside its fieldset (a group has no input to mark): without it a page said "correct what
 * is marked" and marked nothing.
 */
export function ChoiceError(props: { t: Translate; errors?: FieldError[] | undefined; name: string }) {
  const error = errorFor(props.errors, props.name);
  return <ErrorText t={props.t} id={fieldId(props.name)} error={error} alert />;
}

/** An input's id, from its name (`values.contracted` → `f-values-contracted`). */
const fieldId = (name: string) => `f-${name.replace(/[^a-zA-Z0-9]/g, '-')}`;

/** A field's error beside it, wired to the input by id (`alert`: announced, where no input carries it). */
function ErrorText(props: { t: Translate; id: string; error: string | undefined; alert?: boolean }) {
  return props.error ? (
    <p class="field-error" id={`${props.id}-error`} role={props.alert ? 'alert' : undefined}>
      {fieldMessage(props.t, props.error)}
    </p>
  ) : null;
}

export function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export function FormErrors(props: { t: Translate; errors?: FieldError[] }) {
  return props.errors?.length ? (
    <p class="notice error" role="alert">
      {props.t('form.errors')}
    </p>
  ) : null;
}
