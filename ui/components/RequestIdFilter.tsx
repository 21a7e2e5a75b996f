import { useEffect, useId, useState } from 'preact/hooks';

export interface RequestIdFilterProps {
  value: string;
  /** Called once typing pauses, not on every key. */
  onChange(value: string): void;
}

const PAUSE_MS = 300;

/** Free text matched against request IDs. */
export function RequestIdFilter({ value, onChange }: RequestIdFilterProps) {
  const [text, setText] = useState(value);
  const id = useId();
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onChange(text.trim()), PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <div class="field">
      <label for={id}>Request ID</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder="Part of a request ID"
        onInput={(e) => setText(e.currentTarget.value)}
        data-testid="request-id-filter"
      />
    </div>
  );
}
