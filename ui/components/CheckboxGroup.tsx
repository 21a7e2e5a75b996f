import { useId, useState } from 'preact/hooks';
import { FieldErrors } from './FieldErrors';

export interface CheckboxGroupProps {
  legend: string;
  options: readonly string[];
  /** How an option reads, when not as its value (`EmailAddress` → Email Address). */
  label?(option: string): string;
  selected: readonly string[];
  onChange(next: string[]): void;
  /** Shows a text box that narrows a long list. */
  filterable?: boolean;
  errors?: string[] | undefined;
  testId?: string;
  inline?: boolean;
}

/** A multi-select as a labelled group of checkboxes: every option reachable by Tab and Space. */
export function CheckboxGroup({ legend, options, label = (o) => o, selected, onChange, filterable, errors, testId, inline }: CheckboxGroupProps) {
  const [filter, setFilter] = useState('');
  const errorId = useId();
  const shown = options.filter((o) => label(o).toLowerCase().includes(filter.trim().toLowerCase()));
  const toggle = (option: string, on: boolean) => onChange(options.filter((o) => (o === option ? on : selected.includes(o))));
  return (
    <fieldset
      class={`checkbox-group${inline ? ' inline' : ''}${errors?.length ? ' invalid' : ''}`}
      data-testid={testId}
      aria-describedby={errors?.length ? errorId : undefined}
    >
      <legend>
        {legend}
        {selected.length > 0 && <span class="count"> ({selected.length} selected)</span>}
      </legend>
      {filterable && (
        <input
          type="search"
          class="group-filter"
          aria-label={`Filter ${legend}`}
          placeholder="Filter…"
          value={filter}
          onInput={(e) => setFilter(e.currentTarget.value)}
        />
      )}
      <div class="checkbox-list">
        {shown.map((option) => (
          <label key={option}>
            <input
              type="checkbox"
              checked={selected.includes(option)}
              aria-invalid={errors?.length ? true : undefined}
              onChange={(e) => toggle(option, e.currentTarget.checked)}
            />
            {label(option)}
          </label>
        ))}
        {shown.length === 0 && <p class="muted">Nothing matches.</p>}
      </div>
      <FieldErrors id={errorId} errors={errors} />
    </fieldset>
  );
}
